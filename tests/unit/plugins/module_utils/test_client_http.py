"""The client's own HTTP transport (http.client) against a real server on the loopback, in a thread: kept-alive
connections, a server that closes them, read timeouts, the URL and headers as sent, and the proxy choice.
test_client.py covers the client above the transport with a fake one."""
import base64
import gzip
import http.server
import json
import os
import select
import socket
import threading

import pytest

from ansible_collections.huaweicloud.iec.plugins.module_utils import client as client_mod
from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecApiError, IecClient, IecConfigError, route

PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
                   "NO_PROXY", "REQUEST_METHOD")


@pytest.fixture(autouse=True)
def no_proxy_settings(monkeypatch):
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def handle_one(self):
        server = self.server
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with server.lock:
            server.seen.append({"method": self.command, "path": self.path, "port": self.client_address[1],
                                "headers": dict(self.headers.items()), "body": body})
            count = len(server.seen)
        behaviour = server.behaviour(self, count)
        if behaviour == "drop":
            # Read the request, then hang up without a word.
            self.close_connection = True
            return
        status, payload, headers = behaviour
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = handle_one

    def log_message(self, *args):
        pass


def answer(data, status=200, **headers):
    return status, json.dumps(data).encode("utf-8"), dict({"Content-Type": "application/json"}, **headers)


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.lock = threading.Lock()
    httpd.seen = []
    httpd.behaviour = lambda handler, count: answer({"sites": [], "count": 0})
    httpd.url = "http://127.0.0.1:%d" % httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


class NoSleep:
    def __init__(self):
        self.delays = []

    def sleep(self, seconds):
        self.delays.append(seconds)


def make(server, **options):
    options = dict(dict(auth_token="tok", endpoint=server.url, iam_endpoint=server.url), **options)
    pause = NoSleep()
    iec = IecClient(options, sleep=pause.sleep, rand=lambda: 1.0)
    iec.delays = pause.delays
    return iec


def test_one_connection_carries_the_requests_of_a_thread(server):
    iec = make(server)
    for _unused in range(3):
        iec.get("/v1/sites")
    assert len(set(entry["port"] for entry in server.seen)) == 1
    assert iec.request_count == 3


def test_a_connection_the_server_closes_is_opened_again(server):
    server.behaviour = lambda handler, count: answer({"count": count}, Connection="close")
    iec = make(server)
    assert [iec.get("/v1/sites")["count"] for _unused in range(3)] == [1, 2, 3]
    assert len(set(entry["port"] for entry in server.seen)) == 3
    assert iec.delays == []


def test_a_kept_alive_connection_closed_while_idle_is_not_used(server):
    # The server hangs up after its answer without saying so (as a load balancer's idle timeout does).
    def behaviour(handler, count):
        handler.close_connection = True
        return answer({"count": count})
    server.behaviour = behaviour
    iec = make(server)
    iec.get("/v1/sites")
    # Idle long enough for the server's close to arrive (as it has when a connection sat idle).
    conn = list(iec._transport._local.connections.values())[0][0]
    assert select.select([conn.sock], [], [], 5)[0]
    assert iec.post("/v1/vpcs", body={"vpc": {}}) == {"count": 2}
    assert [entry["method"] for entry in server.seen] == ["GET", "POST"]
    assert iec.delays == []


def test_a_get_that_meets_a_connection_closed_under_it_is_sent_again_at_once(server, monkeypatch):
    # The race the idle check cannot see: the server closes between the check and the request.
    server.behaviour = lambda handler, count: "drop" if count == 2 else answer({"count": count})
    iec = make(server)
    iec.get("/v1/sites")
    monkeypatch.setattr(client_mod, "_dropped", lambda sock: False)
    assert iec.get("/v1/sites") == {"count": 3}
    assert iec.delays == [] and iec.request_count == 2 and len(server.seen) == 3


def test_a_post_that_meets_a_connection_closed_under_it_is_never_sent_again(server, monkeypatch):
    server.behaviour = lambda handler, count: "drop" if count == 2 else answer({"count": count})
    iec = make(server)
    iec.get("/v1/sites")
    monkeypatch.setattr(client_mod, "_dropped", lambda sock: False)
    with pytest.raises(IecApiError) as err:
        iec.post("/v1/vpcs", body={"vpc": {}})
    assert err.value.ambiguous and "may have been applied" in str(err.value)
    assert [entry["method"] for entry in server.seen] == ["GET", "POST"]


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_a_put_or_delete_meeting_a_closed_connection_is_repeated_only_by_the_client_retries(server, monkeypatch, method):
    server.behaviour = lambda handler, count: "drop" if count == 2 else answer({"count": count})
    iec = make(server)
    iec.get("/v1/sites")
    monkeypatch.setattr(client_mod, "_dropped", lambda sock: False)
    assert iec.request(method, "/v1/vpcs/v-1", body={"vpc": {}} if method == "PUT" else None).json == {"count": 3}
    # Not at once by the transport: after a backoff, as a retry the client logs and counts.
    assert iec.delays == [0.5] and iec.request_count == 3


def test_a_read_timeout_is_retried_for_a_get_and_ambiguous_for_a_post(server):
    release = threading.Event()

    def behaviour(handler, count):
        if count in (1, 3):
            release.wait(5)
        return answer({"count": count})
    server.behaviour = behaviour
    iec = make(server, api_timeout=0.2)
    try:
        assert iec.get("/v1/sites") == {"count": 2}
        assert iec.delays == [0.5]
        with pytest.raises(IecApiError) as err:
            iec.post("/v1/vpcs", body={"vpc": {}})
    finally:
        release.set()
    assert err.value.ambiguous is True
    assert "did not answer within the read timeout (0.2 s)" in str(err.value)


def test_the_signed_url_and_headers_go_on_the_wire_as_they_are(server):
    iec = IecClient(dict(access_key="AK", secret_key="SK", endpoint=server.url, iam_endpoint=server.url))
    iec.get("/v1/vpcs", query={"name": "a b/c", "tag": ["\u00e9", "z"], "flag": True})
    iec.delete("/v1/vpcs/v%2F1")
    get, delete = server.seen
    assert get["path"] == "/v1/vpcs?flag=true&name=a%20b%2Fc&tag=z&tag=%C3%A9"
    assert delete["path"] == "/v1/vpcs/v%2F1"
    headers = dict((name.lower(), value) for name, value in get["headers"].items())
    assert headers["host"] == server.url[len("http://"):]
    assert headers["user-agent"] == client_mod.USER_AGENT
    assert headers["authorization"].startswith("SDK-HMAC-SHA256 Access=AK, SignedHeaders=")
    assert delete["headers"].get("Content-Length") == "0"


def test_no_netrc_credentials_are_added(server, tmp_path, monkeypatch):
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine 127.0.0.1 login someone password secret\ndefault login any password secret\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("NETRC", str(netrc))
    make(server).get("/v1/sites")
    headers = dict((name.lower(), value) for name, value in server.seen[0]["headers"].items())
    assert "authorization" not in headers and headers["x-auth-token"] == "tok"


def test_redirects_are_not_followed_and_gzip_answers_are_read(server):
    def behaviour(handler, count):
        if count == 1:
            return 302, b"", {"Location": server.url + "/elsewhere"}
        return 200, gzip.compress(b'{"sites": [1]}'), {"Content-Encoding": "gzip"}
    server.behaviour = behaviour
    iec = make(server)
    assert iec.request("GET", "/v1/sites").status == 302
    assert iec.get("/v1/sites") == {"sites": [1]}
    assert [entry["path"] for entry in server.seen] == ["/v1/sites", "/v1/sites"]


def test_pages_fetched_by_worker_threads_each_use_a_connection_of_their_own(server):
    items = [{"id": "v%d" % i} for i in range(10)]

    def behaviour(handler, count):
        offset = int(handler.path.split("offset=")[1].split("&")[0])
        return answer({"vpcs": items[offset:offset + 2], "count": len(items)})
    server.behaviour = behaviour
    iec = make(server)
    assert iec.list_all("/v1/vpcs", "vpcs", page_size=2, workers=4) == items
    assert len(server.seen) == 5
    assert 2 <= len(set(entry["port"] for entry in server.seen)) <= 5


def test_an_unresolvable_host_is_not_ambiguous(monkeypatch):
    def unresolvable(*args, **kwargs):
        raise socket.gaierror(-2, "Name or service not known")
    monkeypatch.setattr(socket, "getaddrinfo", unresolvable)
    iec = IecClient(dict(auth_token="t", endpoint="http://iec.invalid", api_retries=0))
    with pytest.raises(IecApiError) as err:
        iec.post("/v1/vpcs", body={})
    assert err.value.ambiguous is False
    assert "Failed to resolve iec.invalid" in str(err.value)


# -- the proxy choice ------------------------------------------------------------------------------

def test_without_proxy_settings_the_connection_is_direct():
    assert route("https", "iec.test", 443) == ("iec.test", 443, None, False, {})


def test_https_goes_through_a_connect_tunnel_and_http_as_an_absolute_uri(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.test:3128")
    monkeypatch.setenv("http_proxy", "proxy.test")
    assert route("https", "iec.test", 443) == ("proxy.test", 3128, ("iec.test", 443), False, {})
    assert route("http", "iec.test", 8780) == ("proxy.test", 80, None, True, {})


def test_all_proxy_serves_both_schemes(monkeypatch):
    monkeypatch.setenv("ALL_PROXY", "http://all.test:8080")
    assert route("https", "iec.test", 443).host == "all.test"
    assert route("http", "iec.test", 80).absolute is True


def test_proxy_credentials_become_proxy_authorization(monkeypatch):
    monkeypatch.setenv("https_proxy", "http://us%40er:p%3Ass@proxy.test:3128")
    way = route("https", "iec.test", 443)
    assert way.headers == {"Proxy-Authorization": "Basic " + base64.b64encode(b"us@er:p:ss").decode()}


@pytest.mark.parametrize("no_proxy, host, port, direct", [
    ("iec.test", "iec.test", 443, True),
    (".test", "iec.test", 443, True),
    ("test", "iec.test", 443, True),
    ("other.test,iec.test:443", "iec.test", 443, True),
    ("iec.test:8443", "iec.test", 443, False),
    ("*", "anything.example", 443, True),
    ("10.0.0.0/8", "10.1.2.3", 443, True),
    ("10.0.0.0/8", "192.168.1.1", 443, False),
    ("example.com", "iec.test", 443, False),
])
def test_no_proxy_names_hosts_suffixes_ports_and_networks(monkeypatch, no_proxy, host, port, direct):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.test:3128")
    monkeypatch.setenv("NO_PROXY", no_proxy)
    assert (route("https", host, port).host == host) is direct


def test_a_proxy_that_is_not_http_is_refused_clearly(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "socks5://proxy.test:1080")
    with pytest.raises(IecConfigError) as err:
        route("https", "iec.test", 443)
    assert "must be an http:// proxy address" in str(err.value) and "NO_PROXY" in str(err.value)


def test_the_https_connection_through_a_proxy_tunnels_to_the_endpoint(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.test:3128")
    transport = client_mod.HttpTransport((10, 30.0), True)
    conn, way = transport._connection("https", "iec.test", 443)
    assert (conn.host, conn.port) == ("proxy.test", 3128)
    assert (conn._tunnel_host, conn._tunnel_port) == ("iec.test", 443)
    assert way.absolute is False


def test_http_through_a_proxy_sends_the_absolute_url_to_it(server, monkeypatch):
    # The local server stands in for the proxy: it sees the whole URL on the request line.
    monkeypatch.setenv("HTTP_PROXY", server.url)
    iec = IecClient(dict(auth_token="t", endpoint="http://iec.test:8780"))
    iec.get("/v1/sites", query={"limit": 5})
    seen = server.seen[0]
    assert seen["path"] == "http://iec.test:8780/v1/sites?limit=5"
    assert seen["headers"]["Host"] == "iec.test:8780"


def test_a_proxied_request_keeps_no_proxy_hosts_direct(server, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    make(server).get("/v1/sites")
    assert server.seen[0]["path"] == "/v1/sites"
    assert os.environ["NO_PROXY"] == "127.0.0.1"


def test_a_body_that_does_not_decode_fails_the_request_readably(server):
    server.behaviour = lambda handler, count: (200, b"not gzip at all", {"Content-Encoding": "gzip"})
    with pytest.raises(IecApiError) as err:
        make(server, api_retries=0).get("/v1/sites")
    assert "the answer's gzip body could not be decoded" in str(err.value)


def test_a_ca_bundle_variable_naming_no_file_is_a_configuration_error(monkeypatch, tmp_path):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "missing.pem"))
    iec = IecClient(dict(auth_token="t", endpoint="https://127.0.0.1:9"))
    with pytest.raises(IecConfigError) as err:
        iec.get("/v1/sites")
    assert "REQUESTS_CA_BUNDLE names the CA bundle" in str(err.value)


def test_a_proxy_that_refuses_is_named_and_the_request_never_left(monkeypatch):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:%d" % closed)
    iec = IecClient(dict(auth_token="t", endpoint="http://iec.test:8780", api_retries=0))
    with pytest.raises(IecApiError) as err:
        iec.post("/v1/vpcs", body={})
    assert err.value.ambiguous is False
    assert "through the proxy 127.0.0.1:%d" % closed in str(err.value)
