# A project with the backend's API pages (sphinx-autodoc2), as the real site has.
extensions = ["myst_parser", "autodoc2", "scrapersky_services"]
exclude_patterns = ["_build"]
autodoc2_packages = []
autodoc2_render_plugin = "myst"
