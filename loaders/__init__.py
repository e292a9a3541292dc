"""Loaders: read source files, normalise and validate them into `graph.model` rows, and write them in batches."""
