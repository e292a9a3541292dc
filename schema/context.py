"""Per-request GraphQL context: the shared Database and request-scoped settings."""

from __future__ import annotations

from dataclasses import dataclass

from strawberry.fastapi import BaseContext

from graph.db import Database


@dataclass
class Context(BaseContext):
    db: Database
    max_page_size: int

    def __post_init__(self) -> None:
        super().__init__()
