"""The bundled code tables (GB/T 2260 regions, GB/T 4754 industries, HJ 212 pollutants)."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a bundled table (`regions`, `industries`, `pollutants`)."""
    text = resources.files("loaders").joinpath("codes", f"{name}.csv").read_text(encoding="utf-8")
    return tuple(csv.DictReader(text.splitlines()))


@cache
def names(name: str) -> dict[str, str]:
    return {row["code"]: row["name"] for row in table(name)}


@cache
def counties() -> tuple[str, ...]:
    return tuple(row["code"] for row in table("regions") if row["level"] == "county")


def region_name(code: str) -> str:
    return names("regions").get(code, code)
