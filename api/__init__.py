"""The outer ring: FastAPI app, settings, error mapping and the `permitgraph` CLI."""
