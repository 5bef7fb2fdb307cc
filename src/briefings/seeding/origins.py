"""Who wrote a record: a seed run deletes only its own, ``prune`` removes one origin."""

SEED = "seed"
SYNTHETIC = "synthetic"
# Records created by an import or a record write over HTTP.
API = "api"
# Origins `briefings prune` accepts.
ORIGINS = (SEED, SYNTHETIC, API)
