"""The thin Sphinx layer: configuration, generated pages, directives and needs."""
