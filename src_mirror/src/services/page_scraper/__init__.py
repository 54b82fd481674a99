"""Page and domain scraping services."""
