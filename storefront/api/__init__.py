"""The sellers' JSON API (/api/seller/v1/): the bulk feed's work for a seller's own systems, with per-seller tokens,
idempotency keys on writes and rate limits per token."""
