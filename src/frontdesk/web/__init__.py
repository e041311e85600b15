"""Public site: base templates, error pages, security headers, rate limits, well-known files."""
