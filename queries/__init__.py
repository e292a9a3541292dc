"""Named Cypher queries, one `verb_noun.cypher` file each; loaded by `graph.catalog`."""
