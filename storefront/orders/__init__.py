"""Orders: one per checkout, split into one seller order per refurbisher."""
