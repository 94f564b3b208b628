"""Legal pages per storefront, with the numbers from the market config."""
