"""After-sales care: returns within the free-return window (claims and threads come later)."""
