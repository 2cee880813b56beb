"""Fetching for `python -m etl update`: the sources file (config), the polite HTTP client
(client), what is remembered between runs (state) and fetching every source into raw articles
(collect). The only package of the atlas that uses the network."""
