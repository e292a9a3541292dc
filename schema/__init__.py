"""GraphQL types and resolvers (strawberry), grouped by domain and composed in `schema.root`."""
