"""The errors a user meets on day one (issue 13, point 5), each one sentence that says what to do: nothing
listening at the endpoint, a wrong secret key or clock, https:// to a plain-HTTP endpoint, an endpoint with
the API version in it. The first and third run against real sockets on the loopback."""
import http.server
import socket
import threading

import pytest
from iec_fakes import http_answer, serve_http

from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecApiError, IecClient, IecConfigError

AK = "HWEXAMPLEAK000000001"
SK = "hwExampleSecretKey0123456789abcdefGHIJKL"
DOMAIN_ID = "fedcba9876543210fedcba9876543210"


class FakeTime:
    def __init__(self):
        self.now = 1000.0
        self.delays = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.delays.append(seconds)
        self.now += seconds


def client(address, fake_time, **options):
    options = dict(dict(access_key=AK, secret_key=SK, domain_id=DOMAIN_ID, endpoint=address,
                        iam_endpoint=address), **options)
    return IecClient(options, warn=lambda m: None, log=lambda m: None, sleep=fake_time.sleep, clock=fake_time.clock,
                     wallclock=lambda: 1700000000.0, rand=lambda: 1.0)


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Plain(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b'{"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication information: verify aksk signature fail"}'
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def plain_http():
    server = http.server.HTTPServer(("127.0.0.1", 0), Plain)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield "127.0.0.1:%d" % server.server_address[1]
    server.shutdown()
    server.server_close()


def test_connection_refused_names_the_option_and_is_not_retried():
    fake_time = FakeTime()
    endpoint = "http://127.0.0.1:%d" % closed_port()
    with pytest.raises(IecApiError) as err:
        client(endpoint, fake_time).get("/v1/sites")
    assert str(err.value) == (
        "Nothing answers at the IEC endpoint %s (connection refused for GET /v1/sites): set the endpoint option or "
        "the environment variable HUAWEICLOUD_IEC_ENDPOINT to the address of the IEC API, and check that it runs "
        "there" % endpoint)
    assert fake_time.delays == []


def test_connection_refused_after_the_endpoint_answered_is_retried(monkeypatch):
    """A restart of a service that answered before is waited out, as before."""
    fake_time = FakeTime()
    calls = []

    def send(request, transport):
        calls.append(request.url)
        if len(calls) in (2, 3):
            raise ConnectionRefusedError(111, "Connection refused")
        return http_answer(200, {"sites": [], "count": 0})

    serve_http(monkeypatch, send)
    iec = client("https://iec.test", fake_time)
    iec.get("/v1/sites")
    iec.get("/v1/sites")
    assert len(calls) == 4 and len(fake_time.delays) == 2


def test_401_signature_failure_names_the_secret_key_and_the_clock(plain_http):
    with pytest.raises(IecApiError) as err:
        client("http://" + plain_http, FakeTime()).get("/v1/sites")
    message = str(err.value)
    assert message.startswith("IEC refused the signature of GET /v1/sites (401 APIGW.0301 Incorrect IAM "
                              "authentication information: verify aksk signature fail): ")
    assert "secret_key (environment variable HUAWEICLOUD_SDK_SK)" in message and "clock" in message
    assert SK not in message


def test_https_to_a_plain_http_endpoint_says_to_write_http(plain_http):
    with pytest.raises(IecApiError) as err:
        client("https://" + plain_http, FakeTime()).get("/v1/sites")
    assert str(err.value) == (
        "The IEC endpoint https://%s (option endpoint, environment variable HUAWEICLOUD_IEC_ENDPOINT) does not "
        "speak TLS (GET /v1/sites): for a plain-HTTP endpoint such as the emulator, write http://%s instead"
        % (plain_http, plain_http))


@pytest.mark.parametrize("endpoint", ["http://127.0.0.1:8780/v1", "https://iecs.myhuaweicloud.com/v1/",
                                      "https://iam.myhuaweicloud.com/v3"])
def test_an_endpoint_with_the_api_version_is_refused_before_any_request(endpoint):
    option = "iam_endpoint" if "iam" in endpoint else "endpoint"
    base = endpoint.split("/v")[0]
    with pytest.raises(IecConfigError) as err:
        client("https://iec.test", FakeTime(), **{option: endpoint})
    assert "must be the service's address without the API version" in str(err.value)
    assert "for example %s" % base in str(err.value)


def test_an_endpoint_with_another_path_is_kept():
    iec = client("https://gateway.example.com/iec", FakeTime())
    assert iec.endpoint == "https://gateway.example.com/iec"
