"""Internationalisation: per-storefront jokes, market overrides, and the translators' command line."""
