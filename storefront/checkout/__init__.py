"""Checkout: address, delivery, payment, review, confirmation."""
