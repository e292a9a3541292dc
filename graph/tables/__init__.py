"""The relation tables, one module per family of labels; graph/relations.py gathers them."""
