"""Site-wide routes: health check, robots.txt, favicon, sitemaps."""
