"""Who wrote a record: a seed run deletes only its own, ``prune`` removes one origin."""

SEED = "seed"
SYNTHETIC = "synthetic"
# Origins `briefings prune` accepts; a write API or an import adds its own here.
ORIGINS = (SEED, SYNTHETIC)
