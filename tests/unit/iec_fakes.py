"""The unit tests' shared fakes: one fake module and one fake API (issue 12), for every test under tests/unit.

FakeModule stands in for IecModule (AnsibleModule): fail_json raises Failed and exit_json raises Exited, each
holding the result; warn() collects warnings. FakeClient is the fake API: it answers the client's methods
(get, list_all, post, put, delete) from a table of routes ("GET /v1/sites" -> data, or a function of
(query, body, match) returning data or raising IecApiError) and records every call, so tests assert what was
sent as well as what came back; mutating() lists the calls that change something. run_module runs a module
class to its end; FakeClock is a clock that moves only when the code under test sleeps. serve_http and
http_answer fake the network under the real IecClient: they replace HttpTransport.send, the one method that
puts a request on the wire.

tests/unit/conftest.py puts this folder on sys.path, so any test imports it as ``iec_fakes``, and offers the
fixtures ``fake_module`` and ``fake_api`` (the classes).
"""

import copy
import json
import re

import pytest

from ansible_collections.huaweicloud.iec.plugins.module_utils import client as client_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecApiError

REASONS = {200: "OK", 201: "Created", 204: "No Content", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
           429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}


def http_answer(status=200, body=None, headers=None, raw=None):
    """An HttpResponse as the transport returns it: body (JSON-encoded) or raw bytes."""
    if raw is None:
        raw = b"" if body is None else json.dumps(body).encode("utf-8")
    return client_module.HttpResponse(status, raw, headers or {}, REASONS.get(status, ""))


def serve_http(monkeypatch, handler):
    """Every request the real IecClient sends goes to handler(request, transport) instead of the network.
    request has method, url (exactly as sent), headers and body; transport has timeout and verify. The
    handler returns an HttpResponse (see http_answer) or raises what the transport raises."""

    def send(transport, request):  # a function, so that it binds as a method of HttpTransport
        return handler(request, transport)

    monkeypatch.setattr(client_module.HttpTransport, "send", send)


class Failed(Exception):
    def __init__(self, kwargs):
        super().__init__(kwargs.get("msg"))
        self.result = kwargs


class Exited(Exception):
    def __init__(self, kwargs):
        super().__init__("exit")
        self.result = kwargs


class Params(dict):
    """Module options where an option a task did not set is None, as AnsibleModule gives them."""

    def __missing__(self, key):
        return None


class FakeModule:
    """Stands in for IecModule. params as given (wrap them in Params for AnsibleModule's None defaults)."""

    def __init__(self, params, check_mode=False):
        self.params = params
        self.check_mode = check_mode
        self.warnings = []

    def fail_json(self, **kwargs):
        raise Failed(kwargs)

    def exit_json(self, **kwargs):
        raise Exited(kwargs)

    def warn(self, msg):
        self.warnings.append(msg)


def api_error(status, code, method="GET", path="/", ambiguous=False, msg="refused"):
    return IecApiError(status=status, error_code=code, error_msg=msg, method=method, path=path,
                       ambiguous=ambiguous)


def lose_first_answer(client, route, applied, times=1):
    """Makes the first `times` requests of route (a FakeClient route key, 'POST /v1/...') fail ambiguously, as a lost
    connection does: with applied, IEC carried them out before the answer was lost; else they never arrived."""
    real = client.routes[route]
    lost = []

    def answer(query, body, groups):
        if len(lost) >= times:
            return real(query, body, groups)
        lost.append(True)
        if applied:
            real(query, body, groups)
        raise api_error(None, None, route.split()[0], path=route.split()[1], ambiguous=True, msg="connection lost")
    client.routes[route] = answer


class FakeClient:
    """Routes are 'METHOD /path' (a path may hold {x} wildcards) -> data or fn(query, body, match)."""

    def __init__(self, routes=None):
        self.routes = dict(routes or {})
        self.calls = []

    def _answer(self, method, path, query=None, body=None):
        for route, answer in self.routes.items():
            m, template = route.split(" ", 1)
            if m != method:
                continue
            pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "([^/]+)", re.escape(template)) + "$"
            found = re.match(pattern, path)
            if not found:
                continue
            if callable(answer):
                return answer(query, body, found.groups())
            return copy.deepcopy(answer)
        raise api_error(404, "IEC.000022", method, path, msg="no route in the fake")

    def get(self, path, query=None):
        self.calls.append(("GET", path, query))
        return self._answer("GET", path, query)

    def list_all(self, path, items_key, query=None, page_size=None, workers=None):
        self.calls.append(("LIST", path, query))
        data = self._answer("GET", path, query)
        return data if items_key is None else list(data.get(items_key) or [])

    def post(self, path, body=None, query=None):
        self.calls.append(("POST", path, copy.deepcopy(body)))
        return self._answer("POST", path, query, body)

    def put(self, path, body=None, query=None):
        self.calls.append(("PUT", path, copy.deepcopy(body)))
        return self._answer("PUT", path, query, body)

    def delete(self, path, query=None):
        self.calls.append(("DELETE", path, query))
        return self._answer("DELETE", path, query)

    def mutating(self):
        return [c for c in self.calls if c[0] in ("POST", "PUT", "DELETE")]


def run_module(cls, client, params, check_mode=False, clock=None):
    """Run a module class to its end; answer ('ok'|'failed', result, module)."""
    module = FakeModule(params, check_mode)
    engine = cls(module, client=client)
    if clock is not None:
        engine._clock = clock.now
        engine._sleep = clock.sleep
    with pytest.raises((Exited, Failed)) as info:
        engine.run()
    outcome = "failed" if isinstance(info.value, Failed) else "ok"
    return outcome, info.value.result, module


class FakeClock:
    """A monotonic clock that only moves when the code under test sleeps."""

    def __init__(self):
        self.t = 0.0
        self.sleeps = []

    def now(self):
        return self.t

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.t += seconds


SITES = [
    {"id": "site-gz", "name": "guangzhou", "area": "south", "province": "guangdong", "city": "guangzhou",
     "status": "Normal", "pools": [
         {"pool_id": "guangzhou_cmcc", "ip_version": "4", "operator": {"name": "chinamobile"}},
         {"pool_id": "guangzhou_ctcc", "ip_version": "4", "operator": {"name": "chinatelecom"}}]},
    {"id": "site-sh", "name": "shanghai", "area": "east", "province": "shanghai", "city": "shanghai",
     "status": "sellout", "pools": [
         {"pool_id": "shanghai_cucc", "ip_version": "4", "operator": {"name": "chinaunicom"}}]},
    {"id": "site-cs", "name": "changsha", "area": "central", "province": "hunan", "city": "changsha",
     "status": "Obt", "pools": []},
]
