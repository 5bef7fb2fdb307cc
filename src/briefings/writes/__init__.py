"""Writing over HTTP: imports of seed documents and writes of single records, through
the seeds' own validation and loading path, behind an API key."""
