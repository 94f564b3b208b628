"""Becoming a seller: applications, the operator's decisions on them, and a seller's own team."""
