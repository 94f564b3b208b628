"""Offers: what sellers sell, at which price in each market, and the buy box."""
