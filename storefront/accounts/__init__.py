"""Accounts: shoppers and staff, sign-in, password reset, addresses, roles."""
