"""The seller portal (/seller/…): a refurbisher's own screens, in the seller's language."""
