"""The generator's world, read from `sample/data/generator.toml`: industry profiles with their production lines
(facility → treatment → outlet and what it emits), province abbreviations and centres, and the words enterprise
names are made of. Data lives in the data file; this module only gives it types."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Pollutant:
    code: str
    limit: float  # permitted concentration (upper bound); for pH the upper bound of the range
    unit: str
    low: float | None = None  # lower bound of a range (pH)


@dataclass(frozen=True)
class Line:
    """A production line: facility → treatment → outlet, with what the outlet emits."""

    facility: str
    treatment: str
    technology: str
    medium: str
    kind: str
    pollutants: tuple[Pollutant, ...]
    flow: tuple[float, float]  # air m³/h, water m³/d
    standard: str


@dataclass(frozen=True)
class Profile:
    industry: str
    label: str
    weight: float
    key_share: float  # share of key-class (重点管理) units
    lines: tuple[Line, ...]
    wastes: tuple[str, ...] = ()


@dataclass(frozen=True)
class World:
    profiles: tuple[Profile, ...]
    operator: Profile  # the licensed hazardous-waste operator some enterprises are
    province_abbr: dict[str, str]
    province_centre: dict[str, tuple[float, float]]
    name_words: tuple[str, ...]
    counties: tuple[str, ...]  # where enterprises are placed


@cache
def world() -> World:
    doc = tomllib.loads(resources.files("sample").joinpath("data", "generator.toml").read_text(encoding="utf-8"))
    lines = {name: _line(entry) for name, entry in doc["lines"].items()}

    def profile(entry: dict[str, Any]) -> Profile:
        return Profile(
            entry["industry"],
            entry["label"],
            entry["weight"],
            entry["key_share"],
            tuple(lines[n] for n in entry["lines"]),
            tuple(entry["wastes"]),
        )

    provinces = doc["provinces"]
    return World(
        profiles=tuple(profile(p) for p in doc["profiles"]),
        operator=profile(doc["operator"]),
        province_abbr={code: p["abbr"] for code, p in provinces.items()},
        province_centre={code: (p["centre"][0], p["centre"][1]) for code, p in provinces.items()},
        name_words=tuple(doc["name_words"]),
        counties=tuple(doc["counties"]),
    )


def _line(entry: dict[str, Any]) -> Line:
    return Line(
        entry["facility"],
        entry["treatment"],
        entry["technology"],
        entry["medium"],
        entry["kind"],
        tuple(Pollutant(p["code"], p["limit"], p["unit"], p.get("low")) for p in entry["pollutants"]),
        (entry["flow"][0], entry["flow"][1]),
        entry["standard"],
    )
