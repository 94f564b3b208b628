"""Search: finding device models from what shoppers type."""
