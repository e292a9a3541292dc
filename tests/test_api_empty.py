"""The API on an empty graph (a fresh database): every answer is still complete."""

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.db import Database
from graph.stats import MODEL_LABELS
from tests.test_api import gql


def test_counts_on_an_empty_graph_list_every_label_with_zero(empty_db: Database, settings: Settings) -> None:
    with TestClient(create_app(settings)) as c:
        counts = gql(c, "{ counts { label count } }")["data"]["counts"]
    assert counts == [{"label": label, "count": 0} for label in MODEL_LABELS]
    assert len(counts) == 21  # the 19 labels of the foundation, Quota and QuotaTrade
