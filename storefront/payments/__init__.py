"""Payments: a provider interface, the offline sandbox PSP, and the webhook endpoint."""
