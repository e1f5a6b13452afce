"""IecClient against a scripted transport: what goes on the wire, retries, tokens, pages, errors.

``HttpTransport.send`` is replaced, so everything up to the socket (preparation, signing,
query encoding) runs for real (test_client_http.py runs the transport itself against a local
server). Sleeping and the clocks are injected, so backoff is observed as a
list of delays rather than waited for.
"""
import datetime
import email.utils
import http.client
import json
import os
import socket
import ssl
import subprocess
import sys
import threading
from urllib.parse import parse_qsl, urlsplit

import pytest
from iec_fakes import http_answer

from ansible_collections.huaweicloud.iec.plugins.module_utils import client as client_mod
from ansible_collections.huaweicloud.iec.plugins.module_utils.client import (
    IecApiError, IecClient, IecConfigError, IecError, parse_error_body)
from ansible_collections.huaweicloud.iec.plugins.module_utils.signer import sign

AK = "HWEXAMPLEAK000000001"
SK = "hwExampleSecretKey0123456789abcdefGHIJKL"
DOMAIN_ID = "fedcba9876543210fedcba9876543210"
ENDPOINT = "https://iec.test"
IAM = "https://iam.test"
PASSWORD = "Pa55-w0rd-never-logged"


class Reply(object):
    def __init__(self, status=200, body=None, headers=None, raw=None, exc=None):
        self.status, self.body, self.headers, self.raw, self.exc = status, body, headers or {}, raw, exc


class Transport(object):
    """Stands in for the network: replies come from a queue or from a handler function."""

    def __init__(self):
        self.sent = []
        self.kwargs = []
        self.queue = []
        self.handler = None
        self.lock = threading.Lock()

    def add(self, status=200, body=None, headers=None, raw=None, exc=None):
        self.queue.append(Reply(status, body, headers, raw, exc))

    def __call__(self, http, prepared):
        with self.lock:
            self.sent.append(prepared)
            self.kwargs.append({"timeout": http.timeout, "verify": http.verify})
            reply = self.handler(prepared) if self.handler else self.queue.pop(0)
        if reply.exc is not None:
            raise reply.exc
        return http_answer(reply.status, reply.body, reply.headers, reply.raw)

    def paths(self):
        return ["%s %s" % (p.method, urlsplit(p.url).path) for p in self.sent]

    def queries(self):
        return [dict(parse_qsl(urlsplit(p.url).query)) for p in self.sent]


class FakeTime(object):
    """A clock that only moves when the client sleeps."""

    def __init__(self):
        self.now = 1000.0
        self.delays = []

    def sleep(self, seconds):
        self.delays.append(seconds)
        self.now += seconds

    def clock(self):
        return self.now

    def wallclock(self):
        return 1700000000.0 + self.now


@pytest.fixture(autouse=True)
def _empty_token_cache():
    client_mod._TOKEN_CACHE.clear()
    yield
    client_mod._TOKEN_CACHE.clear()


@pytest.fixture
def transport(monkeypatch):
    fake = Transport()

    # A plain function, so that it binds to the transport like the real method.
    def send(http, prepared):
        return fake(http, prepared)

    monkeypatch.setattr(client_mod.HttpTransport, "send", send)
    return fake


@pytest.fixture
def fake_time():
    return FakeTime()


@pytest.fixture
def make(fake_time):
    warnings, logs = [], []

    def factory(rand=1.0, **options):
        if not any(k in options for k in ("access_key", "secret_key", "auth_token", "user", "password")):
            options.update(access_key=AK, secret_key=SK, domain_id=DOMAIN_ID)
        options.setdefault("endpoint", ENDPOINT)
        options.setdefault("iam_endpoint", IAM)
        return IecClient(options, warn=warnings.append, log=logs.append, sleep=fake_time.sleep,
                         clock=fake_time.clock, wallclock=fake_time.wallclock, rand=lambda: rand)

    factory.warnings = warnings
    factory.logs = logs
    return factory


def password_options(**extra):
    options = dict(user="alice", password=PASSWORD, domain_name="acme")
    options.update(extra)
    return options


def token_reply(token="tok-1", domain_id="dom-1"):
    return dict(status=201, headers={"X-Subject-Token": token},
                body={"token": {"expires_at": "2099-01-01T00:00:00.000000Z",
                                "domain": {"id": domain_id, "name": "acme"},
                                "user": {"name": "alice", "domain": {"id": domain_id, "name": "acme"}}}})


# -- AK/SK -----------------------------------------------------------------------------------------

def test_aksk_request_is_signed_and_sends_the_canonical_query(transport, make):
    transport.add(body={"vpcs": []})
    client = make(security_token="sts-token")
    client.get("/v1/vpcs", query={"name": "a b", "limit": 10, "tag": ["z", "\u00e9"], "flag": True, "skip": None})

    assert client.request_count == 1
    sent = transport.sent[0]
    assert sent.url == ENDPOINT + "/v1/vpcs?flag=true&limit=10&name=a%20b&tag=z&tag=%C3%A9"
    headers = sent.headers
    assert headers["X-Domain-Id"] == DOMAIN_ID
    assert headers["X-Security-Token"] == "sts-token"
    assert headers["User-Agent"] == "huaweicloud.iec/" + client_mod.COLLECTION_VERSION
    assert headers["Content-Type"] == "application/json"
    assert "X-Auth-Token" not in headers
    auth = headers["Authorization"]
    assert auth.startswith("SDK-HMAC-SHA256 Access=%s, SignedHeaders=" % AK)
    signed = auth.split("SignedHeaders=")[1].split(",")[0].split(";")
    assert signed == ["content-type", "host", "user-agent", "x-domain-id", "x-sdk-date", "x-security-token"]
    # Verify as the server would: re-sign the signed headers as received.
    received = dict((name, headers[name]) for name in signed)
    assert sign("GET", sent.url, received, None, AK, SK)["Authorization"] == auth
    assert transport.kwargs[0]["timeout"] == (10, 30.0)
    # Verification stays on (the bundle of REQUESTS_CA_BUNDLE, when set, is read when TLS is set up).
    assert transport.kwargs[0]["verify"] is True


def test_aksk_body_is_json_and_signed(transport, make):
    transport.add(status=200, body={"keypair": {"name": "k"}})
    client = make()
    assert client.post("/v1/os-keypairs", body={"keypair": {"name": "\u5bc6\u94a5"}}) == {"keypair": {"name": "k"}}
    sent = transport.sent[0]
    assert sent.body == b'{"keypair": {"name": "\\u5bc6\\u94a5"}}'
    signed = sent.headers["Authorization"].split("SignedHeaders=")[1].split(",")[0].split(";")
    received = dict((name, sent.headers[name]) for name in signed)
    assert sign("POST", sent.url, received, sent.body, AK, SK)["Authorization"] == sent.headers["Authorization"]


def test_domain_id_header_absent_when_not_given(transport, make):
    transport.add(body=[])
    client = make(access_key=AK, secret_key=SK)
    client.get("/v1/os-keypairs")
    assert "X-Domain-Id" not in transport.sent[0].headers
    assert client.domain_id is None


def test_tls_options_reach_the_transport(transport, make, tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    transport.add(body={})
    transport.add(body={})
    make(ca_path=str(bundle), api_timeout=60).get("/v1/sites")
    make(validate_certs=False, ca_path=str(bundle), api_timeout=4).get("/v1/sites")
    assert transport.kwargs[0]["verify"] == str(bundle)
    assert transport.kwargs[0]["timeout"] == (10, 60.0)
    assert transport.kwargs[1]["verify"] is False
    assert transport.kwargs[1]["timeout"] == (4, 4.0)


def test_path_parameters_are_quoted_like_the_sdk():
    assert IecClient.quote("a/b c") == "a%2Fb%20c"
    assert client_mod.quote("\u5bc6") == "%E5%AF%86"


# -- tokens ----------------------------------------------------------------------------------------

def test_given_token_is_sent_as_x_auth_token(transport, make):
    transport.add(body={"sites": [], "count": 0})
    client = make(auth_token="given-token")
    client.get("/v1/sites")
    headers = transport.sent[0].headers
    assert headers["X-Auth-Token"] == "given-token"
    assert "Authorization" not in headers


def test_password_is_exchanged_for_a_domain_scoped_token(transport, make):
    transport.add(**token_reply("tok-1", "dom-1"))
    transport.add(body={"vpcs": [], "count": 0})
    client = make(**password_options())
    client.get("/v1/vpcs")

    assert transport.paths() == ["POST /v3/auth/tokens", "GET /v1/vpcs"]
    iam = transport.sent[0]
    assert iam.url == IAM + "/v3/auth/tokens"
    assert iam.headers["Content-Type"] == "application/json"
    assert "X-Auth-Token" not in iam.headers and "Authorization" not in iam.headers
    assert json.loads(iam.body) == {"auth": {
        "identity": {"methods": ["password"],
                     "password": {"user": {"name": "alice", "password": PASSWORD, "domain": {"name": "acme"}}}},
        "scope": {"domain": {"name": "acme"}}}}
    assert transport.sent[1].headers["X-Auth-Token"] == "tok-1"
    assert client.domain_id == "dom-1"
    assert client.request_count == 2


def test_token_cached_per_iam_domain_and_user(transport, make):
    transport.add(**token_reply("tok-1"))
    transport.add(body={})
    transport.add(body={})
    transport.add(**token_reply("tok-bob"))
    transport.add(body={})
    make(**password_options()).get("/v1/sites")
    make(**password_options()).get("/v1/sites")
    make(**password_options(user="bob")).get("/v1/sites")
    assert transport.paths() == ["POST /v3/auth/tokens", "GET /v1/sites", "GET /v1/sites",
                                 "POST /v3/auth/tokens", "GET /v1/sites"]
    assert [p.headers.get("X-Auth-Token") for p in transport.sent] == [None, "tok-1", "tok-1", None, "tok-bob"]


def test_another_password_asks_iam_again(transport, make):
    """The modules of a loop run in one worker, which keeps the token cache between items: a wrong password of a
    later item is refused by IAM, not answered with the token of the right one."""
    transport.add(**token_reply("tok-1"))
    transport.add(body={})
    transport.add(status=401, body={"error": {"code": 401, "message": "The username or password is wrong."}})
    make(**password_options()).get("/v1/sites")
    with pytest.raises(IecApiError):
        make(**password_options(password="not-" + PASSWORD)).get("/v1/sites")
    assert transport.paths() == ["POST /v3/auth/tokens", "GET /v1/sites", "POST /v3/auth/tokens"]
    assert PASSWORD not in repr(client_mod._TOKEN_CACHE)


def test_domain_id_from_user_domain_when_token_lacks_scope_domain(transport, make):
    transport.add(status=201, headers={"X-Subject-Token": "t"}, body={"token": {"user": {"domain": {"id": "d-9"}}}})
    assert make(**password_options()).domain_id == "d-9"


@pytest.mark.parametrize("code", ["IEC.000003", "IEC.000004"])
def test_expired_token_renewed_once_and_request_resent(transport, make, code):
    transport.add(**token_reply("old"))
    transport.add(status=401, body={"error_code": code, "error_msg": "token is expired"})
    transport.add(**token_reply("new"))
    transport.add(body={"vpc": {"id": "v1"}})
    client = make(**password_options())
    assert client.get("/v1/vpcs/v1") == {"vpc": {"id": "v1"}}
    assert transport.paths() == ["POST /v3/auth/tokens", "GET /v1/vpcs/v1", "POST /v3/auth/tokens", "GET /v1/vpcs/v1"]
    assert transport.sent[1].headers["X-Auth-Token"] == "old"
    assert transport.sent[3].headers["X-Auth-Token"] == "new"
    assert [token for token, *_rest in client_mod._TOKEN_CACHE.values()] == ["new"]


def test_renewal_happens_only_once(transport, make):
    transport.add(**token_reply("old"))
    transport.add(status=401, body={"error_code": "IEC.000004", "error_msg": "token is expired"})
    transport.add(**token_reply("new"))
    transport.add(status=401, body={"error_code": "IEC.000004", "error_msg": "token is expired"})
    with pytest.raises(IecApiError) as err:
        make(**password_options()).get("/v1/vpcs")
    assert err.value.status == 401 and err.value.error_code == "IEC.000004"
    assert len(transport.sent) == 4


def test_given_token_is_not_renewed(transport, make):
    transport.add(status=401, body={"error_code": "IEC.000004", "error_msg": "token is expired"})
    with pytest.raises(IecApiError):
        make(auth_token="given").get("/v1/vpcs")
    assert transport.paths() == ["GET /v1/vpcs"]


def test_other_401_is_not_a_renewal(transport, make):
    transport.add(**token_reply("old"))
    transport.add(status=401, body={"error_code": "IEC.000002", "error_msg": "X-Auth-Token not found"})
    with pytest.raises(IecApiError):
        make(**password_options()).get("/v1/vpcs")
    assert len(transport.sent) == 2


def test_iam_refusal_names_iam_and_hides_the_password(transport, make):
    transport.add(status=401, body={"error": {"code": 401, "title": "Unauthorized",
                                              "message": "The username or password is wrong."}},
                  headers={"X-Request-Id": "iam-req"})
    with pytest.raises(IecApiError) as err:
        make(**password_options()).get("/v1/vpcs")
    assert str(err.value) == ("IAM refused POST /v3/auth/tokens: 401 401 The username or password is wrong. "
                              "(request id iam-req)")
    assert PASSWORD not in str(err.value) and PASSWORD not in json.dumps(err.value.to_dict())
    assert len(transport.sent) == 1


def test_iam_answer_without_subject_token(transport, make):
    transport.add(status=201, body={"token": {}})
    with pytest.raises(IecApiError) as err:
        make(**password_options()).get("/v1/vpcs")
    assert "X-Subject-Token" in str(err.value)


# -- retries ---------------------------------------------------------------------------------------

def test_retry_after_seconds_and_http_date_honoured(transport, make, fake_time):
    later = email.utils.formatdate(fake_time.wallclock() + 7, usegmt=True)
    transport.add(status=429, headers={"Retry-After": "3"})
    transport.add(status=429, headers={"Retry-After": later})
    transport.add(body={"ok": True})
    assert make().get("/v1/sites") == {"ok": True}
    # The date was 7 s ahead when the first answer came; 3 s of that were already slept.
    assert fake_time.delays == [3.0, 4.0]
    assert len(transport.sent) == 3


def test_429_retried_for_post_too(transport, make, fake_time):
    transport.add(status=429, headers={"Retry-After": "2"})
    transport.add(body={"vpc": {"id": "v"}})
    assert make().post("/v1/vpcs", body={"vpc": {"name": "n"}}) == {"vpc": {"id": "v"}}
    assert fake_time.delays == [2.0]
    assert transport.paths() == ["POST /v1/vpcs", "POST /v1/vpcs"]
    # Each attempt is signed afresh.
    assert all("Authorization" in p.headers for p in transport.sent)


def test_retry_after_beyond_the_budget_gives_up_at_once(transport, make, fake_time):
    transport.add(status=429, headers={"Retry-After": "3600"},
                  body={"error_code": "APIGW.0308", "error_msg": "throttled"})
    with pytest.raises(IecApiError) as err:
        make().get("/v1/sites")
    assert err.value.status == 429
    assert fake_time.delays == []
    assert len(transport.sent) == 1


def test_backoff_is_exponential_with_full_jitter_and_bounded_by_count(transport, make, fake_time):
    transport.handler = lambda prepared: Reply(503, {"error_code": "IEC.000001", "error_msg": "busy"})
    client = make(rand=1.0, api_retries=5)
    with pytest.raises(IecApiError) as err:
        client.get("/v1/sites")
    assert err.value.status == 503 and not err.value.ambiguous
    assert fake_time.delays == [0.5, 1.0, 2.0, 4.0, 8.0]
    assert client.request_count == 6


def test_jitter_scales_the_delay(transport, make, fake_time):
    transport.handler = lambda prepared: Reply(502)
    with pytest.raises(IecApiError):
        make(rand=0.25, api_retries=3).get("/v1/sites")
    assert fake_time.delays == [0.125, 0.25, 0.5]


def test_backoff_bounded_in_total_time(transport, make, fake_time):
    transport.handler = lambda prepared: Reply(504)
    client = make(rand=1.0, api_retries=50)
    with pytest.raises(IecApiError):
        client.get("/v1/sites")
    assert max(fake_time.delays) == client_mod.BACKOFF_CAP
    assert sum(fake_time.delays) <= client_mod.RETRY_BUDGET
    assert len(fake_time.delays) == 10
    assert client.request_count == 11


def test_zero_retries_sends_once(transport, make, fake_time):
    transport.add(status=503)
    with pytest.raises(IecApiError):
        make(api_retries=0).get("/v1/sites")
    assert len(transport.sent) == 1 and fake_time.delays == []


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_5xx_retried_for_idempotent_methods(transport, make, method):
    transport.add(status=503)
    transport.add(status=500)
    transport.add(status=200, body={"done": True})
    assert make().request(method, "/v1/vpcs/v").json == {"done": True}
    assert len(transport.sent) == 3


def test_503_on_post_is_not_resent_and_is_ambiguous(transport, make, fake_time):
    transport.add(status=503, body={"error_code": "IEC.000001", "error_msg": "Internal Server Error!"},
                  headers={"X-Request-Id": "r-1"})
    with pytest.raises(IecApiError) as err:
        make().post("/v1/vpcs", body={"vpc": {"name": "n"}})
    assert err.value.ambiguous is True
    assert err.value.status == 503
    assert str(err.value) == ("IEC refused POST /v1/vpcs: 503 IEC.000001 Internal Server Error! (request id r-1); "
                              "the request may have been applied, so it was not re-sent")
    assert len(transport.sent) == 1 and fake_time.delays == []


def test_4xx_on_post_is_not_ambiguous(transport, make):
    transport.add(status=400, body={"error_code": "IEC.000007", "error_msg": "bad body"})
    with pytest.raises(IecApiError) as err:
        make().post("/v1/vpcs", body={})
    assert err.value.ambiguous is False


def test_dropped_connection_on_post_is_ambiguous(transport, make, fake_time):
    dropped = http.client.RemoteDisconnected("Remote end closed connection without response")
    transport.add(exc=dropped)
    with pytest.raises(IecApiError) as err:
        make().post("/v1/vpcs", body={"vpc": {"name": "n"}})
    assert err.value.ambiguous is True and err.value.status is None
    assert "may have been applied" in str(err.value)
    assert len(transport.sent) == 1 and fake_time.delays == []


def test_read_timeout_on_post_is_ambiguous(transport, make):
    transport.add(exc=client_mod.ReadTimeout("iec.test:443 did not answer within the read timeout (30 s)"))
    with pytest.raises(IecApiError) as err:
        make().post("/v1/subnets", body={})
    assert err.value.ambiguous is True
    assert len(transport.sent) == 1


def test_refused_connect_on_post_is_not_resent_but_not_ambiguous(transport, make):
    transport.add(exc=client_mod.ConnectError("Connection to iec.test:443 timed out (connect timeout 10 s)",
                                              socket.timeout("timed out")))
    with pytest.raises(IecApiError) as err:
        make().post("/v1/vpcs", body={})
    assert err.value.ambiguous is False
    assert len(transport.sent) == 1


def test_connection_error_on_get_retried(transport, make, fake_time):
    transport.add(exc=ConnectionResetError(104, "Connection reset by peer"))
    transport.add(exc=client_mod.ReadTimeout("iec.test:443 did not answer within the read timeout (30 s)"))
    transport.add(body={"sites": [], "count": 0})
    make().get("/v1/sites")
    assert len(transport.sent) == 3 and fake_time.delays == [0.5, 1.0]


def test_connection_errors_exhaust_retries(transport, make):
    transport.handler = lambda prepared: Reply(exc=ConnectionResetError(104, "Connection reset by peer"))
    with pytest.raises(IecApiError) as err:
        make(api_retries=2).get("/v1/sites")
    assert err.value.status is None
    assert "after 3 attempt(s)" in str(err.value)
    assert len(transport.sent) == 3


def test_tls_failure_names_the_options_and_is_not_retried(transport, make, fake_time):
    transport.add(exc=client_mod.ConnectError("Failed to establish a new connection to iec.test:443: ...", ssl.SSLCertVerificationError(
        1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate")))
    with pytest.raises(IecApiError) as err:
        make().get("/v1/sites")
    message = str(err.value)
    assert err.value.status is None
    assert "validate_certs" in message and "ca_path" in message and "certificate verify failed" in message
    assert len(transport.sent) == 1 and fake_time.delays == []


# -- pagination ------------------------------------------------------------------------------------

def _offset_handler(items, key="vpcs", count=True):
    def handler(prepared):
        query = dict(parse_qsl(urlsplit(prepared.url).query))
        offset, limit = int(query.get("offset", 0)), int(query["limit"])
        page = items[offset:offset + limit]
        body = {key: page}
        if count:
            body["count"] = len(items)
        return Reply(200, body)
    return handler


def test_item_offset_pagination(transport, make):
    items = [{"id": "v%d" % i} for i in range(5)]
    transport.handler = _offset_handler(items)
    got = make().list_all("/v1/vpcs", "vpcs", query={"name": "x", "limit": 99, "offset": 7}, page_size=2)
    assert got == items
    assert transport.queries() == [{"name": "x", "limit": "2", "offset": "0"},
                                   {"name": "x", "limit": "2", "offset": "2"},
                                   {"name": "x", "limit": "2", "offset": "4"}]


def test_pagination_stops_when_count_reached(transport, make):
    items = [{"id": i} for i in range(4)]
    transport.handler = _offset_handler(items, key="ports")
    assert len(make().list_all("/v1/ports", "ports", page_size=2)) == 4
    assert [q["offset"] for q in transport.queries()] == ["0", "2"]


def test_pagination_stops_on_short_page_without_count(transport, make):
    keys = [{"keypair": {"name": "k%d" % i}} for i in range(3)]
    transport.add(body=keys[:2])
    transport.add(body=keys[2:])
    assert make().list_all("/v1/os-keypairs", None, page_size=2) == keys
    assert transport.queries() == [{"limit": "2", "offset": "0"}, {"limit": "2", "offset": "2"}]


def test_default_page_size_is_the_api_maximum(transport, make):
    transport.add(body={"vpcs": [], "count": 0})
    transport.add(body={"images": [], "total": 0})
    transport.add(body={"vpcs": [], "count": 0})
    client = make()
    client.list_all("/v1/vpcs", "vpcs")
    client.list_all("/v1/images", "images")
    client.list_all("/v1/vpcs", "vpcs", page_size=5000)
    assert [q["limit"] for q in transport.queries()] == ["1000", "500", "1000"]


def test_images_total_ends_the_listing(transport, make):
    transport.add(body={"images": [{"id": "a"}, {"id": "b"}], "total": 2})
    assert make().list_all("/v1/images", "images", page_size=2) == [{"id": "a"}, {"id": "b"}]
    assert len(transport.sent) == 1


def test_page_number_pagination_starts_at_one(transport, make):
    servers = [{"id": "s%d" % i} for i in range(5)]

    def handler(prepared):
        query = dict(parse_qsl(urlsplit(prepared.url).query))
        page, limit = int(query["offset"]), int(query["limit"])
        return Reply(200, {"servers": servers[(page - 1) * limit:page * limit], "count": 5})

    transport.handler = handler
    assert make().list_all("/v1/cloudservers", "servers", page_size=2) == servers
    assert transport.queries() == [{"limit": "2", "offset": "1"}, {"limit": "2", "offset": "2"},
                                   {"limit": "2", "offset": "3"}]


def test_flavors_use_page_numbers(transport, make):
    transport.add(body={"flavors": [{"id": "f1"}, {"id": "f2"}], "count": 3})
    transport.add(body={"flavors": [{"id": "f3"}], "count": 3})
    assert len(make().list_all("/v1/cloudservers/flavors", "flavors", page_size=2)) == 3
    assert [q["offset"] for q in transport.queries()] == ["1", "2"]


def test_marker_pagination_for_cloud_images(transport, make):
    transport.add(body={"images": [{"id": "i1"}, {"id": "i2"}]})
    transport.add(body={"images": [{"id": "i3"}]})
    got = make().list_all("/v1/cloudimages/cn-north-4", "images", page_size=2)
    assert [i["id"] for i in got] == ["i1", "i2", "i3"]
    assert transport.queries() == [{"limit": "2"}, {"limit": "2", "marker": "i2"}]


def test_list_without_paging_is_one_request(transport, make):
    transport.add(body={"routes": [{"destination": "0.0.0.0/0"}]})
    assert make().list_all("/v1/routetables/rt/routes", "routes") == [{"destination": "0.0.0.0/0"}]
    assert transport.queries() == [{}]


def test_err_sites_become_one_warning_naming_the_sites(transport, make):
    transport.add(body={"servers": [{"id": "a"}], "count": 2, "err_sites": ["site-b", "site-c"]})
    transport.add(body={"servers": [{"id": "b"}], "count": 2, "err_sites": ["site-b"]})
    client = make()
    assert len(client.list_all("/v1/cloudservers", "servers", page_size=1)) == 2
    assert len(make.warnings) == 1
    assert "site-b" in make.warnings[0] and "site-c" in make.warnings[0]
    assert "/v1/cloudservers" in make.warnings[0]


def test_err_sites_callback_gets_the_sites_instead_of_a_warning(transport, make, fake_time):
    transport.add(body={"servers": [{"id": "a"}], "count": 1, "err_sites": ["site-b", "site-c"]})
    partial = []
    client = IecClient({"access_key": AK, "secret_key": SK, "endpoint": ENDPOINT}, warn=make.warnings.append,
                       err_sites=lambda path, sites: partial.append((path, sites)), sleep=fake_time.sleep,
                       clock=fake_time.clock, wallclock=fake_time.wallclock)
    assert client.list_all("/v1/cloudservers", "servers") == [{"id": "a"}]
    assert partial == [("/v1/cloudservers", ["site-b", "site-c"])]
    assert make.warnings == []


def test_no_warning_for_empty_err_sites(transport, make):
    transport.add(body={"servers": [], "count": 0, "err_sites": []})
    make().list_all("/v1/cloudservers", "servers")
    assert make.warnings == []


def test_concurrent_pages_come_back_in_order(transport, make):
    servers = [{"id": "s%02d" % i} for i in range(23)]
    seen_threads = set()

    def handler(prepared):
        seen_threads.add(threading.get_ident())
        query = dict(parse_qsl(urlsplit(prepared.url).query))
        page, limit = int(query["offset"]), int(query["limit"])
        return Reply(200, {"servers": servers[(page - 1) * limit:page * limit], "count": len(servers)})

    transport.handler = handler
    client = make()
    got = client.list_all("/v1/cloudservers", "servers", page_size=5, workers=4)
    assert got == servers
    assert client.request_count == 5
    assert sorted(int(q["offset"]) for q in transport.queries()) == [1, 2, 3, 4, 5]
    assert len(seen_threads) >= 2


def test_concurrent_item_offsets(transport, make):
    items = [{"id": i} for i in range(10)]
    transport.handler = _offset_handler(items, key="subnets")
    got = make().list_all("/v1/subnets", "subnets", page_size=3, workers=3)
    assert got == items
    assert sorted(int(q["offset"]) for q in transport.queries()) == [0, 3, 6, 9]


def test_concurrent_page_failure_propagates(transport, make):
    def handler(prepared):
        query = dict(parse_qsl(urlsplit(prepared.url).query))
        if query["offset"] == "3":
            return Reply(403, {"error_code": "IEC.000005", "error_msg": "no access"})
        return Reply(200, {"servers": [{"id": 1}, {"id": 2}], "count": 8})

    transport.handler = handler
    with pytest.raises(IecApiError) as err:
        make().list_all("/v1/cloudservers", "servers", page_size=2, workers=2)
    assert err.value.error_code == "IEC.000005"


# -- errors ----------------------------------------------------------------------------------------

def test_error_sentence_and_dict(transport, make):
    transport.add(status=409, body={"error_code": "IEC.020113", "error_msg": "vpc contains subnets"},
                  headers={"X-Request-Id": "123"})
    with pytest.raises(IecApiError) as err:
        make().delete("/v1/vpcs/abc")
    assert str(err.value) == "IEC refused DELETE /v1/vpcs/abc: 409 IEC.020113 vpc contains subnets (request id 123)"
    assert err.value.to_dict() == {"status": 409, "error_code": "IEC.020113", "error_msg": "vpc contains subnets",
                                   "request_id": "123", "method": "DELETE", "path": "/v1/vpcs/abc"}
    assert isinstance(err.value, IecError)


@pytest.mark.parametrize("body, code, msg", [
    ({"error_code": "IEC.000006", "error_msg": "the query parameter is illegal"}, "IEC.000006",
     "the query parameter is illegal"),
    ({"errorCode": "IEC.000008", "errorMsg": "request uri is illegal!"}, "IEC.000008", "request uri is illegal!"),
    ({"code": "APIGW.0301", "message": "verify aksk signature fail"}, "APIGW.0301", "verify aksk signature fail"),
    ({"error": {"code": 404, "message": "Could not find user"}}, "404", "Could not find user"),
    ({"NeutronError": {"error_code": "VPC.0001", "error_msg": "nested"}}, "VPC.0001", "nested"),
    ({"unrelated": 1}, None, None),
    (["not", "a", "dict"], None, None),
])
def test_error_body_shapes(body, code, msg):
    assert parse_error_body(body) == (code, msg)


def test_request_id_from_body_when_header_missing(transport, make):
    transport.add(status=401, body={"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication",
                                    "request_id": "gw-7"})
    with pytest.raises(IecApiError) as err:
        make().get("/v1/vpcs")
    assert err.value.request_id == "gw-7"
    assert err.value.error_code == "APIGW.0301"


def test_non_json_error_uses_the_reason(transport, make):
    transport.add(status=502, raw=b"<html>bad gateway</html>")
    with pytest.raises(IecApiError) as err:
        make(api_retries=0).get("/v1/vpcs")
    assert str(err.value) == "IEC refused GET /v1/vpcs: 502 Bad Gateway"


def test_empty_success_body_is_none(transport, make):
    transport.add(status=204)
    assert make().delete("/v1/vpcs/abc") is None


def test_secrets_never_logged(transport, make):
    transport.add(**token_reply("super-secret-token"))
    transport.add(status=503)
    transport.add(body={"ok": 1})
    make(**password_options()).get("/v1/sites")
    transport.add(body={"ok": 1})
    make().post("/v1/vpcs", body={"vpc": {"name": "body-content"}})
    text = "\n".join(make.logs)
    assert make.logs
    for secret in (PASSWORD, "super-secret-token", SK, "body-content"):
        assert secret not in text


# -- bad input -------------------------------------------------------------------------------------

def _config_error(transport, **options):
    with pytest.raises(IecConfigError) as err:
        IecClient(options)
    assert transport.sent == []
    return str(err.value)


def test_missing_credentials_names_every_option_and_variable(transport):
    message = _config_error(transport, endpoint=ENDPOINT)
    for word in ("access_key", "secret_key", "auth_token", "user", "password", "domain_name",
                 "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_AUTH_TOKEN", "HUAWEICLOUD_USER",
                 "HUAWEICLOUD_PASSWORD", "HUAWEICLOUD_DOMAIN_NAME"):
        assert word in message


def test_empty_strings_count_as_unset(transport):
    assert "No credentials" in _config_error(transport, access_key="", secret_key="", user="")


def test_aksk_and_password_conflict(transport):
    message = _config_error(transport, access_key=AK, secret_key=SK, user="alice", password=PASSWORD,
                            domain_name="acme")
    assert "conflict" in message and "access_key" in message and "user/password" in message
    assert PASSWORD not in message


@pytest.mark.parametrize("others, named", [
    (dict(access_key=AK, secret_key=SK), "access_key/secret_key"),
    (dict(user="alice", password=PASSWORD, domain_name="acme"), "user/password"),
])
def test_token_conflicts_with_other_modes(transport, others, named):
    message = _config_error(transport, auth_token="t", **others)
    assert "auth_token" in message and named in message and "conflict" in message


def test_access_key_without_secret_key(transport):
    message = _config_error(transport, access_key=AK)
    assert "secret_key is missing" in message and "HUAWEICLOUD_SDK_SK" in message


def test_secret_key_without_access_key(transport):
    message = _config_error(transport, secret_key=SK)
    assert "access_key is missing" in message and "HUAWEICLOUD_SDK_AK" in message
    assert SK not in message


@pytest.mark.parametrize("options, missing", [
    (dict(user="alice"), ["password", "domain_name"]),
    (dict(user="alice", password=PASSWORD), ["domain_name"]),
    (dict(password=PASSWORD, domain_name="acme"), ["user"]),
])
def test_incomplete_login(transport, options, missing):
    message = _config_error(transport, **options)
    for name in missing:
        assert name in message
    assert "missing " + ", ".join(missing) in message
    assert PASSWORD not in message


def test_security_token_needs_aksk(transport):
    message = _config_error(transport, auth_token="t", security_token="sts")
    assert "security_token" in message


@pytest.mark.parametrize("option", ["endpoint", "iam_endpoint"])
@pytest.mark.parametrize("value, problem", [
    ("iecs.myhuaweicloud.com", "https://"),
    ("ftp://iecs.myhuaweicloud.com", "https://"),
    ("https://", "no host"),
    ("https://iec.test/?region=x", "query"),
    ("https://iec.test:99999", "not a valid URL"),
])
def test_malformed_endpoints(transport, option, value, problem):
    options = dict(access_key=AK, secret_key=SK)
    options[option] = value
    message = _config_error(transport, **options)
    assert message.startswith(option + " ")
    assert problem in message
    assert client_mod.ENV_VARS[option] in message


def test_endpoint_with_credentials_is_not_echoed(transport):
    message = _config_error(transport, access_key=AK, secret_key=SK, endpoint="https://u:hunter2@iec.test")
    assert "hunter2" not in message and "credentials" in message


def test_endpoint_defaults_and_trailing_slash(transport):
    client = IecClient(dict(access_key=AK, secret_key=SK))
    assert client.endpoint == "https://iecs.myhuaweicloud.com"
    assert client.iam_endpoint == "https://iam.myhuaweicloud.com"
    assert IecClient(dict(access_key=AK, secret_key=SK, endpoint="http://127.0.0.1:8080/")).endpoint == \
        "http://127.0.0.1:8080"


@pytest.mark.parametrize("options, word", [
    (dict(api_timeout=0), "api_timeout"),
    (dict(api_timeout="soon"), "api_timeout"),
    (dict(api_retries=-1), "api_retries"),
    (dict(validate_certs="maybe"), "validate_certs"),
    (dict(ca_path="/nonexistent/ca.pem"), "ca_path"),
])
def test_bad_tuning_options(transport, options, word):
    assert word in _config_error(transport, access_key=AK, secret_key=SK, **options)


def test_string_options_from_plugins_are_coerced(transport):
    transport.add(body={})
    client = IecClient(dict(access_key=AK, secret_key=SK, validate_certs="false", api_timeout="5",
                            api_retries="0"))
    client.get("/v1/sites")
    assert transport.kwargs[0]["verify"] is False
    assert transport.kwargs[0]["timeout"] == (5, 5.0)


def test_the_client_needs_no_http_library_beyond_the_standard_library():
    # client.__file__ sits in the ansible_collections tree that conftest put on sys.path.
    root = os.path.dirname(client_mod.__file__)
    for _unused in range(5):
        root = os.path.dirname(root)
    code = ("import sys; sys.modules['requests'] = None; sys.modules['urllib3'] = None\n"
            "from ansible_collections.huaweicloud.iec.plugins.module_utils import client\n"
            "client.IecClient({'access_key': 'a', 'secret_key': 'b', 'endpoint': 'http://127.0.0.1:9'})\n"
            "print(sorted(name for name in ('requests', 'urllib3', 'urllib.request') if sys.modules.get(name)))\n")
    env = dict(os.environ, PYTHONPATH=root)
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_retry_after_http_date_uses_the_wall_clock():
    # The HTTP-date form of Retry-After is parsed against the injected wall clock.
    stamp = datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)
    fake = FakeTime()
    fake.wallclock = lambda: stamp.timestamp() - 12
    client = IecClient(dict(access_key=AK, secret_key=SK), wallclock=fake.wallclock)
    response = http_answer(429, headers={"retry-after": email.utils.format_datetime(stamp, usegmt=True)})
    assert client._retry_after(response) == pytest.approx(12.0)
    response = http_answer(429, headers={"Retry-After": "not a date"})
    assert client._retry_after(response) is None


def test_tls_failure_names_the_endpoint_option_and_the_ca_path_that_did_not_help(transport, make, fake_time, tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    transport.add(exc=ssl.SSLCertVerificationError(1, "certificate verify failed: unable to get local issuer"))
    with pytest.raises(IecApiError) as err:
        make(ca_path=str(bundle)).get("/v1/sites")
    message = str(err.value)
    assert "the IEC endpoint https://iec.test (option endpoint)" in message
    assert "ca_path (%s) does not hold the CA that signed its certificate" % bundle in message
    assert "validate_certs=false" in message
