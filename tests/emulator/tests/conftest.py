"""Shared fixtures: an emulator subprocess per test module, the official SDK client, a token client.

Reusable by every family's tests (compute included): import nothing from here, just name the
fixtures. `emulator_factory` starts extra emulators with their own options.
"""
import json
import os
import select
import subprocess
import sys
import tempfile
import time

import pytest
import requests

from iec_emulator.accounts import DEMO

START_DEADLINE_S = 20


def pytest_configure(config):
    config.addinivalue_line("markers", "covers(*operations): the IecClient operations a contract test calls")


class EmulatorProcess:
    def __init__(self, args=(), env=None):
        self.args = list(args)
        cmd = [sys.executable, "-m", "iec_emulator", "--host", "127.0.0.1", "--port", "0"] + self.args
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        line = self._first_line()
        prefix = "iec-emulator listening on "
        if not line.startswith(prefix):
            self.stop()
            raise RuntimeError("unexpected first line %r; stderr: %s" % (line, self.proc.stderr.read().decode()))
        self.url = line[len(prefix):].strip()
        self.port = int(self.url.rsplit(":", 1)[1])
        self.http = requests.Session()
        self.http.verify = False

    def _first_line(self):
        deadline = time.monotonic() + START_DEADLINE_S
        buf = b""
        fd = self.proc.stdout.fileno()
        while b"\n" not in buf:
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                break
            ready = select.select([fd], [], [], left)[0]
            if ready:
                chunk = os.read(fd, 4096)
                if not chunk:
                    break
                buf += chunk
        return buf.split(b"\n", 1)[0].decode()

    def hook(self, method, name, body=None):
        r = self.http.request(method, "%s/_emulator/%s" % (self.url, name),
                              data=json.dumps(body) if body is not None else None, timeout=10)
        r.raise_for_status()
        return r.json() if r.content else None

    def requests(self):
        return self.hook("GET", "requests")["requests"]

    def clear_requests(self):
        self.hook("DELETE", "requests")

    def reset(self):
        self.hook("POST", "reset")

    def advance(self, seconds):
        return self.hook("PUT", "clock", {"advance": seconds})

    def freeze(self, frozen=True):
        """Stop the clock (only advance() moves it then: a slow machine changes nothing), or let it run again."""
        return self.hook("PUT", "clock", {"frozen": frozen})

    def kill(self):
        self.proc.kill()
        self.proc.wait(10)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        for f in (self.proc.stdout, self.proc.stderr):
            if f:
                f.close()


@pytest.fixture(scope="session")
def sdk_home():
    """The SDK writes $HOME/.huaweicloud/application_id when imported: keep it out of the real HOME."""
    d = tempfile.mkdtemp(prefix="iec-sdk-home-")
    os.environ["HOME"] = d
    return d


@pytest.fixture
def emulator_factory():
    started = []

    def start(*args, env=None):
        e = EmulatorProcess(args, env=env)
        started.append(e)
        return e

    yield start
    for e in started:
        e.stop()


@pytest.fixture(scope="module")
def emulator():
    """One emulator per test module, asynchronous transitions immediate (--async-seconds 0)."""
    e = EmulatorProcess(["--async-seconds", "0"])
    yield e
    e.stop()


def make_sdk_client(url, ak=DEMO["ak"], sk=DEMO["sk"], domain_id=DEMO["domain_id"]):
    from huaweicloudsdkcore.auth.credentials import GlobalCredentials
    from huaweicloudsdkcore.http.http_config import HttpConfig
    from huaweicloudsdkiec.v1 import IecClient

    cfg = HttpConfig.get_default_config()
    cfg.ignore_ssl_verification = True
    cfg.timeout = (5, 30)
    return (IecClient.new_builder().with_http_config(cfg)
            .with_credentials(GlobalCredentials(ak, sk, domain_id))
            .with_endpoints([url]).build())


@pytest.fixture(scope="module")
def sdk_client(emulator, sdk_home_module):
    return make_sdk_client(emulator.url)


@pytest.fixture(scope="module")
def sdk_home_module():
    d = tempfile.mkdtemp(prefix="iec-sdk-home-")
    os.environ["HOME"] = d
    return d


class TokenClient:
    """A plain requests client with IAM token auth, for tests that need raw bodies and statuses."""

    def __init__(self, url, user=DEMO["user"], password=DEMO["password"], domain=DEMO["domain_name"]):
        self.url = url
        self.s = requests.Session()
        self.s.verify = False
        r = self.s.post(url + "/v3/auth/tokens", json={"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": user, "password": password, "domain": {"name": domain}}}},
            "scope": {"domain": {"name": domain}}}}, timeout=10)
        assert r.status_code == 201, r.text
        self.token = r.headers["X-Subject-Token"]
        self.s.headers["X-Auth-Token"] = self.token

    def call(self, method, path, body=None, query=None, raw=None):
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        r = self.s.request(method, self.url + path, data=data, params=query,
                           headers={"Content-Type": "application/json"}, timeout=30)
        try:
            payload = r.json() if r.content else None
        except ValueError:
            payload = r.text
        return r.status_code, payload

    def get(self, path, **query):
        return self.call("GET", path, query=query or None)

    def post(self, path, body=None):
        return self.call("POST", path, body)

    def put(self, path, body=None):
        return self.call("PUT", path, body)

    def delete(self, path):
        return self.call("DELETE", path)


@pytest.fixture(scope="module")
def api(emulator):
    return TokenClient(emulator.url)
