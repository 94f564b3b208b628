"""Catalog: categories, brands, device models, variants and condition grades."""
