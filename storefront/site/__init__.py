"""Site-wide routes outside any storefront: health check, robots.txt, favicon."""
