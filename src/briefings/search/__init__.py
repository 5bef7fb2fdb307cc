"""Full-text search over every record type: the index, its queries and /v1/search."""
