"""Who is asking: OIDC bearer tokens verified against a configured issuer, audience and JWKS (here a file of a key
made for the test), API keys stored hashed and revocable at once, and anonymous callers as `public` — over
POST /graphql on the real app and Neo4j."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient
from jwt.algorithms import RSAAlgorithm

from api.app import create_app
from api.auth import KEY_POLL_SECONDS, AuthConfig, TokenVerifier, create_key, list_keys, revoke_key
from api.settings import Settings
from graph.db import Database
from graph.errors import InvalidInput

ISSUER, AUDIENCE = "https://idp.example.gov.cn/realms/epb", "permitgraph"
VIEWER = "{ viewer { role subject regions via } }"


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


KEY, OTHER = _key(), _key()


def _with_idp(settings: Settings, folder: Path, **more: Any) -> Settings:
    """Settings that accept tokens of the test's identity provider (its JWKS written to `folder`)."""
    jwk = json.loads(RSAAlgorithm.to_jwk(KEY.public_key())) | {"kid": "k1", "use": "sig", "alg": "RS256"}
    jwks = folder / "jwks.json"
    jwks.write_text(json.dumps({"keys": [jwk]}), encoding="utf-8")
    given = {
        "permitgraph_oidc_issuer": ISSUER,
        "permitgraph_oidc_audience": AUDIENCE,
        "permitgraph_oidc_jwks": str(jwks),
    }
    return settings.model_copy(update={"permitgraph_anonymous_role": "public", **given, **more})


@pytest.fixture(scope="module")
def client(settings: Settings, db: Database, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    roles = json.dumps({"epb-inspectors": "inspector", "epb-staff": "analyst"})
    configured = _with_idp(settings, tmp_path_factory.mktemp("idp"), permitgraph_role_map=roles)
    with TestClient(create_app(configured)) as c:
        yield c


def _token(key: Any = KEY, kid: str = "k1", alg: str = "RS256", **claims: Any) -> str:
    now = int(time.time())
    payload = {"iss": ISSUER, "aud": AUDIENCE, "sub": "zhang.wei", "iat": now, "exp": now + 600} | claims
    return jwt.encode(payload, key, algorithm=alg, headers={"kid": kid})


def _ask(client: TestClient, authorization: str | None = None) -> Any:
    headers = {"Authorization": authorization} if authorization is not None else {}
    return client.post("/graphql", json={"query": VIEWER}, headers=headers)


def _refused(client: TestClient, authorization: str) -> str:
    response = _ask(client, authorization)
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"].startswith("Bearer")
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    return str(error["message"])


def _b64(value: dict[str, Any] | bytes) -> str:
    raw = value if isinstance(value, bytes) else json.dumps(value).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _hs256(claims: dict[str, Any], secret: bytes) -> str:
    """A token signed with HMAC-SHA256 by hand (PyJWT rightly refuses to sign with a public key as the secret)."""
    signed = f"{_b64({'alg': 'HS256', 'typ': 'JWT', 'kid': 'k1'})}.{_b64(claims)}"
    return f"{signed}.{_b64(hmac.new(secret, signed.encode(), hashlib.sha256).digest())}"


def test_an_anonymous_caller_is_public(client: TestClient) -> None:
    assert _ask(client).json()["data"]["viewer"] == {
        "role": "public",
        "subject": "anonymous",
        "regions": [],
        "via": "anonymous",
    }


def test_a_valid_token_gives_its_mapped_role_and_region_scope(client: TestClient) -> None:
    token = _token(roles=["epb-staff", "epb-inspectors", "unrelated"], region=["130200", "310117"])
    assert _ask(client, f"Bearer {token}").json()["data"]["viewer"] == {
        "role": "inspector",  # the highest role its claims map to
        "subject": "zhang.wei",
        "regions": ["1302", "310117"],
        "via": "token",
    }
    plain = _token(roles="admin", region="national")  # a role name maps to itself; a string is a list of one
    assert _ask(client, f"Bearer {plain}").json()["data"]["viewer"] == {
        "role": "admin",
        "subject": "zhang.wei",
        "regions": [],  # everywhere, granted explicitly
        "via": "token",
    }
    nothing = _token()  # a verified token with no role claim: an identified public caller, no region needed
    assert _ask(client, f"Bearer {nothing}").json()["data"]["viewer"]["role"] == "public"


BAD_REGION_CLAIMS: dict[str, Any] = {
    "absent": None,
    "a number": 130200,
    "a list holding a number": [130200],
    "four digits": "1302",
    "a typo": "13O200",
    "padded": " 130200",
    "a code the table does not hold": "139999",
    "empty text": "",
    "an empty list": [],
    "national beside a code": ["national", "130200"],
    "an object": {"code": "130200"},
    "a good code beside a bad one": ["130200", "not-a-code"],
}


@pytest.mark.parametrize("what", BAD_REGION_CLAIMS)
def test_a_role_above_public_without_a_valid_region_claim_is_refused_never_national(
    client: TestClient, what: str
) -> None:
    claims: dict[str, Any] = {"roles": ["epb-inspectors"]}
    if BAD_REGION_CLAIMS[what] is not None:
        claims["region"] = BAD_REGION_CLAIMS[what]
    message = _refused(client, f"Bearer {_token(**claims)}")
    assert "region" in message, message


def test_a_national_grant_by_setting_is_explicit(
    settings: Settings, db: Database, tmp_path_factory: pytest.TempPathFactory
) -> None:
    configured = _with_idp(settings, tmp_path_factory.mktemp("idp-national"), permitgraph_national_without_region=True)
    with TestClient(create_app(configured)) as c:
        assert _ask(c, f"Bearer {_token(roles='analyst')}").json()["data"]["viewer"]["regions"] == []
        assert _refused(c, f"Bearer {_token(roles='analyst', region='1302')}")  # a bad claim is still refused


def test_every_bad_token_is_refused_with_what_is_wrong(client: TestClient) -> None:
    now = int(time.time())
    public_pem = KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    cases = {
        "has expired": _token(exp=now - 3600, iat=now - 7200),
        "another issuer": _token(iss="https://evil.example.com"),
        "another audience": _token(aud="someone-else"),
        "signature does not verify": _token(key=OTHER),  # signed by another key under the same key id
        "'none' is not accepted": f"{_b64({'alg': 'none', 'kid': 'k1'})}.{_b64({'iss': ISSUER, 'sub': 'x'})}.",
        "'HS256' is not accepted": _hs256(
            {"iss": ISSUER, "aud": AUDIENCE, "sub": "x", "exp": now + 60}, public_pem
        ),  # the public key used as an HMAC secret (algorithm confusion)
        "key id 'k9' is not among": _token(kid="k9"),
        "not a JWT": "not-a-token",
        'missing the "sub" claim': jwt.encode(
            {"iss": ISSUER, "aud": AUDIENCE, "exp": now + 60}, KEY, algorithm="RS256", headers={"kid": "k1"}
        ),  # no subject
    }
    for expected, token in cases.items():
        assert expected in _refused(client, f"Bearer {token}"), expected
    assert "must be 'Bearer" in _refused(client, "Basic dXNlcjpwYXNz")


def test_an_api_key_works_until_it_is_revoked(client: TestClient, db: Database) -> None:
    key = create_key(db, "夜间报表脚本", "analyst", ["130200"])
    key_id = key.removeprefix("pgk_").split(".")[0]
    assert _ask(client, f"Bearer {key}").json()["data"]["viewer"] == {
        "role": "analyst",
        "subject": f"key:{key_id}",
        "regions": ["1302"],
        "via": "key",
    }
    listed = {r["id"]: r for r in list_keys(db)}
    assert listed[key_id]["name"] == "夜间报表脚本" and listed[key_id]["revoked_at"] is None
    assert "hash" not in listed[key_id] and key.split(".")[1] not in json.dumps(listed, default=str)
    assert "unknown API key" in _refused(client, f"Bearer {key}x")  # a wrong secret
    # the process holds verified keys, and forgets them at its next poll of the revocations: twice a second (on a
    # busy machine a poll may come later: the bound below only says it comes)
    assert KEY_POLL_SECONDS <= 0.5
    keys = client.app.state.auth.keys  # type: ignore[attr-defined]
    started = time.monotonic()
    while not (key_id in keys.rows and keys.get(key_id)) and time.monotonic() - started < 10:
        assert _ask(client, f"Bearer {key}").status_code == 200  # held once a poll has vouched for what it holds
        time.sleep(0.05)
    assert keys.get(key_id) is not None
    generation, revoked_at, refused = keys.generation, time.monotonic(), None
    assert revoke_key(db, key_id) and not revoke_key(db, "000000000000")
    while refused is None and time.monotonic() - revoked_at < 10:
        response = _ask(client, f"Bearer {key}")
        if response.status_code == 401:
            refused = response.json()["errors"][0]["message"]
    assert refused is not None and "was revoked" in refused
    assert keys.generation > generation  # forgotten by a poll, not by chance
    stored = db.read("find_api_key", id=key_id)
    assert key.split(".")[1] not in json.dumps(stored, default=str)  # only the hash is stored


def test_tokens_are_refused_where_no_identity_provider_is_configured(settings: Settings) -> None:
    with TestClient(create_app(settings.model_copy(update={"permitgraph_anonymous_role": "public"}))) as plain:
        assert "not accepted here" in _refused(plain, f"Bearer {_token()}")
        assert _ask(plain).json()["data"]["viewer"]["role"] == "public"


def test_only_asymmetric_algorithms_may_be_configured(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="refused: HS256"):
        TokenVerifier(AuthConfig(issuer=ISSUER, audience=AUDIENCE, algorithms=("RS256", "HS256")))
    with pytest.raises(InvalidInput, match="a role is one of"):
        create_key(None, "x", "root", [])  # type: ignore[arg-type]  # refused before the database is touched


def test_the_server_refuses_a_remote_database_with_the_default_password(settings: Settings) -> None:
    remote = settings.model_copy(update={"neo4j_uri": "neo4j://neo4j.epb.internal:7687"})
    with pytest.raises(InvalidInput, match=r"neo4j\.epb\.internal, another machine, with the default password"):
        create_app(remote)
    create_app(remote.model_copy(update={"neo4j_password": "a-real-secret"}))  # made, not started: no connection
    create_app(settings.model_copy(update={"neo4j_uri": "bolt://127.0.0.1:7688"}))  # this machine: allowed


def test_cross_site_requests_only_from_the_configured_origins(settings: Settings) -> None:
    settings = settings.model_copy(update={"permitgraph_anonymous_role": "public"})
    allowed = "https://dashboard.sthj.sh.gov.cn"
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"}
    with TestClient(create_app(settings)) as closed:  # none configured: no browser may call across sites
        answer = closed.options("/graphql", headers={"Origin": allowed, **preflight})
        assert "access-control-allow-origin" not in answer.headers
    with TestClient(create_app(settings.model_copy(update={"permitgraph_cors_origins": allowed}))) as c:
        ok = c.options("/graphql", headers={"Origin": allowed, **preflight})
        assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == allowed
        other = c.options("/graphql", headers={"Origin": "https://evil.example.com", **preflight})
        assert other.status_code == 400 and "access-control-allow-origin" not in other.headers
        post = c.post("/graphql", json={"query": VIEWER}, headers={"Origin": allowed})
        assert (
            post.headers["access-control-allow-origin"] == allowed and post.json()["data"]["viewer"]["role"] == "public"
        )


def test_a_verified_key_is_held_and_trusted_only_while_revocations_are_read(client: TestClient, db: Database) -> None:
    """No look-up per request: a held key keeps working though its stored record changes; but a process that has not
    read the revocations lately trusts nothing it holds (fail closed), and looks the key up again."""
    key = create_key(db, "held", "analyst", ["national"])
    key_id = key.removeprefix("pgk_").split(".")[0]
    assert _ask(client, f"Bearer {key}").status_code == 200
    db.driver.execute_query(
        "MATCH (k:ApiKey {id: $id}) SET k.hash = 'replaced'", id=key_id, database_=db.database
    )  # not a revocation: no process learns of it
    assert _ask(client, f"Bearer {key}").json()["data"]["viewer"]["via"] == "key"  # served from what it holds
    keys = client.app.state.auth.keys  # type: ignore[attr-defined]

    async def away() -> None:
        raise ConnectionError("the graph is away")

    keys.poll = away  # the poller fails from now on …
    try:
        keys.polled_at = time.monotonic() - 60  # … and last succeeded a minute ago
        assert "unknown API key" in _refused(client, f"Bearer {key}")  # looked up again: the stored hash decides
    finally:
        del keys.poll


def test_a_verified_token_is_held_until_it_expires(settings: Settings, tmp_path: Path) -> None:
    """A token's signature is checked once: asked again, its claims come from what the process holds — until the
    token expires, when it is checked again (and refused)."""
    import asyncio

    verifier = TokenVerifier(_with_idp(settings, tmp_path).auth_config())
    checked: list[str] = []
    real = verifier._verify

    async def counting(token: str) -> dict[str, Any]:
        checked.append(token)
        return await real(token)

    verifier._verify = counting  # type: ignore[method-assign]
    token = _token(exp=int(time.time()) + 2)
    first = asyncio.run(verifier.verify(token))
    assert asyncio.run(verifier.verify(token)) == first and len(checked) == 1
    verifier._verified[next(iter(verifier._verified))] = (first, time.time() - 1)  # as if past its expiry
    asyncio.run(verifier.verify(token))  # checked again (within the leeway it still verifies)
    assert len(checked) == 2
