"""Imports point inward only: files → loaders → graph ← schema ← api, and the sample generator beside the product
(only the CLI's `generate` reaches it)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parent.parent
# what each package may import of the others
ALLOWED = {
    "graph": {"graph"},
    "loaders": {"loaders", "graph"},
    "schema": {"schema", "graph"},
    "api": {"api", "schema", "graph", "loaders", "sample"},
    "sample": {"sample", "loaders", "graph"},
}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found & (set(ALLOWED) | {"tests", "bench"})


def test_every_import_points_inward() -> None:
    wrong = [
        (str(path.relative_to(ROOT)), sorted(_imports(path) - allowed))
        for package, allowed in ALLOWED.items()
        for path in sorted((ROOT / package).rglob("*.py"))
        if _imports(path) - allowed
    ]
    assert wrong == []


def test_the_product_reaches_the_sample_generator_only_from_the_cli() -> None:
    users = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "api").rglob("*.py") if "sample" in _imports(p))
    assert users == ["api/cli.py"]
