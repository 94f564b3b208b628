"""Sellers: certified refurbishers and their quality record."""
