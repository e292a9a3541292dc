"""Search 搜索: the labels graph/relations.py marks searchable, by identifier and by name, in one generated query."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Annotated, Any, Union

import strawberry

from graph import records
from graph.errors import InvalidInput
from graph.records import props
from graph.relations import searched_labels
from schema.fields import Ctx, Node
from schema.node_types import NODE_TYPES
from schema.pagination import check_first

SEARCH_MAX = 200  # characters of a search text (names, codes and numbers are far shorter)
SEARCH_WORDS = 8  # words of a search text that must all appear in a name
if TYPE_CHECKING:
    SearchResult = Node
else:  # the labels graph/relations.py marks searchable
    SearchResult = Annotated[
        Union[tuple(NODE_TYPES[name] for name in searched_labels())],  # noqa: UP007  (a union built from a tuple)
        strawberry.union("SearchResult", description="A search hit: " + ", ".join(searched_labels()) + "."),
    ]


async def find(info: Ctx, text: str, first: int) -> list[Any]:
    """The hits for a search text: exact identifiers first, then names holding every word."""
    text = text.strip()
    if not text:
        raise InvalidInput("search text is empty")
    if len(text) > SEARCH_MAX:
        raise InvalidInput(f"search text is at most {SEARCH_MAX} characters; found {len(text):,}")
    check_first(first, info.context.max_page_size)
    # Names are stored as loaders.normalise.clean_text leaves them (NFKC: （） → (), full-width letters and
    # digits half-width), so the words are folded the same way.
    folded = unicodedata.normalize("NFKC", text)
    words = folded.split()[:SEARCH_WORDS]
    rows = await info.context.db_read("search_entities", upper=folded.upper(), words=words, first=first)
    return [NODE_TYPES[records.text(r["label"])].from_node(props(r["node"])) for r in rows]
