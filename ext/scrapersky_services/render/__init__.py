"""Text only: the catalog as words, MyST page text and DOT (no Sphinx import)."""
