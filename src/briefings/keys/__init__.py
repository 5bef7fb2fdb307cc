"""API keys: who may write. Reads stay open to everyone."""
