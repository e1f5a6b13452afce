"""AK/SK signatures are verified server-side (ALGORITHM.md section 8): every vector of
../shared/signing/vectors.json verifies, and tampering or a stale date answers 401 APIGW.0301."""
import json
import os
import socket

import pytest

# The repository keeps a byte-identical copy of ../shared/signing/vectors.json for the signer's unit
# tests; reading it here means these tests run (never skip) wherever the repository is, build tree included.
VECTORS_FILE = os.environ.get("IEC_SIGNING_VECTORS") or os.path.join(
    os.path.dirname(__file__), "..", "..", "unit", "plugins", "module_utils", "fixtures", "signing_vectors.json")

DOMAIN = "fedcba9876543210fedcba9876543210"


def load_vectors():
    if not os.path.exists(VECTORS_FILE):
        return []
    return [v for v in json.load(open(VECTORS_FILE, encoding="utf-8"))["vectors"] if v["algorithm"] == "SDK-HMAC-SHA256"]


VECTORS = load_vectors()


def accounts_file(tmp_path, with_token):
    keys = {}
    for v in VECTORS:
        entry = {"ak": v["input"]["ak"], "sk": v["input"]["sk"]}
        token = v["output"]["headers_sent"].get("X-Security-Token")
        if token and with_token:
            entry["security_token"] = token
        keys[entry["ak"]] = entry
    doc = {"domains": [{"name": "vectors", "id": DOMAIN, "users": [], "access_keys": list(keys.values())}]}
    p = tmp_path / ("accounts-token.json" if with_token else "accounts.json")
    p.write_text(json.dumps(doc))
    return str(p)


def send_raw(port, method, target, headers, body):
    """Send exactly these bytes (UTF-8 header values, the canonical query the SDK puts on the wire)."""
    lines = ["%s %s HTTP/1.1" % (method, target)]
    for k, v in headers.items():
        lines.append("%s: %s" % (k, v))
    payload = body.encode("utf-8") if body is not None else b""
    if payload:
        lines.append("Content-Length: %d" % len(payload))
    lines.append("Connection: close")
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + payload
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(raw)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head, rest = data.partition(b"\r\n\r\n")[::2]
    status = int(head.split(b" ")[1])
    return status, (json.loads(rest) if rest.strip() else None)


def vector_request(v):
    out = v["output"]
    return v["input"]["method"], out["sent_request_uri"], dict(out["headers_sent"]), v["input"]["body"]


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    from conftest import EmulatorProcess
    tmp = tmp_path_factory.mktemp("sign")
    plain = EmulatorProcess(["--accounts", accounts_file(tmp, False)])
    token = EmulatorProcess(["--accounts", accounts_file(tmp, True)])
    yield {False: plain, True: token}
    plain.stop()
    token.stop()


def at(emu, v, offset=0):
    from iec_emulator.clock import parse_time
    emu.hook("PUT", "clock", {"frozen": True, "now": parse_time(v["input"]["date"]) + offset})


def test_there_are_vectors():
    assert len(VECTORS) >= 10


@pytest.mark.parametrize("v", VECTORS, ids=[v["id"] for v in VECTORS])
def test_vector_verifies(servers, v):
    method, target, headers, body = vector_request(v)
    emu = servers["X-Security-Token" in headers]
    at(emu, v)
    status, payload = send_raw(emu.port, method, target, headers, body)
    # Authentication passed: whatever comes next (a resource answer, a 404 for an unknown id or path,
    # a validation error), it is never the signature error.
    assert status != 401, payload
    assert not payload or payload.get("error_code") != "APIGW.0301"


def _expect_reject(emu, v, method, target, headers, body, offset=0):
    at(emu, v, offset)
    status, payload = send_raw(emu.port, method, target, headers, body)
    assert (status, payload["error_code"]) == (401, "APIGW.0301")


def by_id(name):
    return next(v for v in VECTORS if v["id"] == name)


def test_changed_signed_header_is_rejected(servers):
    v = by_id("header_normalisation")
    method, target, headers, body = vector_request(v)
    headers["X-Custom-Header"] = "a b c"
    _expect_reject(servers[False], v, method, target, headers, body)


def test_unsigned_underscore_header_may_change(servers):
    v = by_id("header_normalisation")
    method, target, headers, body = vector_request(v)
    headers["X_Underscore_Header"] = "changed"
    at(servers[False], v)
    assert send_raw(servers[False].port, method, target, headers, body)[0] != 401


def test_changed_body_is_rejected(servers):
    v = by_id("put_json")
    method, target, headers, body = vector_request(v)
    _expect_reject(servers[False], v, method, target, headers, body.replace("renamed", "renamex"))


def test_changed_query_value_is_rejected(servers):
    v = by_id("get_multi_query_unsorted")
    method, target, headers, body = vector_request(v)
    _expect_reject(servers[False], v, method, target.replace("limit=10", "limit=11"), headers, body)


def test_stale_date_is_rejected(servers):
    v = by_id("get_no_query_iec_like")
    method, target, headers, body = vector_request(v)
    _expect_reject(servers[False], v, method, target, headers, body, offset=15 * 60 + 1)
    _expect_reject(servers[False], v, method, target, headers, body, offset=-(15 * 60 + 1))
    at(servers[False], v, 15 * 60 - 1)
    assert send_raw(servers[False].port, method, target, headers, body)[0] != 401


def test_domain_id_must_match_the_key(servers, tmp_path):
    v = by_id("global_credentials_adds_domain_id")
    method, target, headers, body = vector_request(v)
    doc = {"domains": [{"name": "other", "id": "0" * 32, "access_keys": [{"ak": v["input"]["ak"], "sk": v["input"]["sk"]}]}]}
    p = tmp_path / "acc.json"
    p.write_text(json.dumps(doc))
    from conftest import EmulatorProcess
    emu = EmulatorProcess(["--accounts", str(p)])
    try:
        _expect_reject(emu, v, method, target, headers, body)
    finally:
        emu.stop()


def test_security_token_is_required_for_a_temporary_key(servers):
    v = by_id("get_no_query_iec_like")
    method, target, headers, body = vector_request(v)
    # The same signed request without X-Security-Token: valid for a permanent key, not for a temporary one.
    _expect_reject(servers[True], v, method, target, headers, body)


def test_unknown_access_key_is_rejected(servers):
    v = by_id("get_no_query_iec_like")
    method, target, headers, body = vector_request(v)
    headers["Authorization"] = headers["Authorization"].replace(v["input"]["ak"], "NOSUCHAK000000000000")
    _expect_reject(servers[False], v, method, target, headers, body)
