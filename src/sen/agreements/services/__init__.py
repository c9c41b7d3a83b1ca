"""Agreement services: documents (generation, versions, PDFs), templates, batches and
verification here; signing in the signing modules (services/signing*.py)."""
