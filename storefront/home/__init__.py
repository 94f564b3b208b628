"""The storefront home page."""
