"""The graph layer: driver, schema migrations, batched writes and the query catalog."""
