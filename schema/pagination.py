"""Relay cursor connections: every list of the API is a page with a maximum size."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Generic, TypeVar

import strawberry

from graph.errors import InvalidInput, bounded

T = TypeVar("T")
DEFAULT_PAGE = 20
MAX_OFFSET = 10_000_000  # deepest position a cursor may point at (a list longer than this is filtered, not paged)


@strawberry.type(description="Where a page sits in its list (Relay PageInfo).")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="One item of a page with the cursor that points at it.")
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="A page of a list (Relay connection): pass `endCursor` as `after` for the next page.")
class Connection(Generic[T]):
    total_count: int = strawberry.field(description="Items in the whole list, not just this page.")
    page_info: PageInfo
    edges: list[Edge[T]]

    @strawberry.field(description="The page's items without cursors.")
    def nodes(self) -> list[T]:
        return [e.node for e in self.edges]


def cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


def offset_of(after: str | None) -> int:
    """The offset just past `after` (0 without one); InvalidInput for a cursor we did not make."""
    if after is None:
        return 0
    shown = bounded(after, 40)
    try:
        if len(after) > 40:
            raise ValueError(after)
        text = base64.urlsafe_b64decode(after.encode()).decode()
        if not text.startswith("o:") or not text[2:].isdigit():
            raise ValueError(text)
        position = int(text[2:])
    except ValueError:
        raise InvalidInput(f"not a cursor of this list: {shown!r}") from None
    if position >= MAX_OFFSET:
        raise InvalidInput(f"the cursor points past the deepest position a list pages to ({MAX_OFFSET:,}): filter it")
    return position + 1


def page(first: int | None, after: str | None, max_size: int) -> tuple[int, int]:
    """(offset, size) of the page asked for; InvalidInput when `first` is outside 0..max_size."""
    size = DEFAULT_PAGE if first is None else first
    if not 0 <= size <= max_size:
        raise InvalidInput(f"first must be between 0 and {max_size} (the maximum page size); found {size}")
    return offset_of(after), size


def check_first(first: int, max_size: int) -> int:
    """`first` of a plain (non-connection) list: between 1 and the maximum page size, else InvalidInput."""
    if not 1 <= first <= max_size:
        raise InvalidInput(f"first must be between 1 and {max_size}; found {first}")
    return first


def connection(items: Sequence[T], total: int, offset: int) -> Connection[T]:
    edges = [Edge(cursor=cursor(offset + i), node=item) for i, item in enumerate(items)]
    return Connection(
        total_count=total,
        page_info=PageInfo(
            has_next_page=offset + len(items) < total,
            has_previous_page=offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        edges=edges,
    )
