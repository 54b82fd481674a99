extensions = ["myst_parser", "scrapersky_services"]
exclude_patterns = ["_build"]
