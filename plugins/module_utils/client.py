# -*- coding: utf-8 -*-
# Copyright: Contributors to the huaweicloud.iec collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one HTTP client of the collection: authentication, retries, pagination and errors."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import email.utils
import hashlib
import http.client
import json
import os
import random
import re
import select
import socket
import sys
import threading
import time
import zlib
from collections import namedtuple
from collections.abc import MutableMapping
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote as _urlquote
from urllib.parse import urlsplit

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.signer import canonical_query, sign

COLLECTION_VERSION = "1.0.0"
USER_AGENT = "huaweicloud.iec/" + COLLECTION_VERSION

DEFAULT_ENDPOINT = "https://iecs.myhuaweicloud.com"
DEFAULT_IAM_ENDPOINT = "https://iam.myhuaweicloud.com"
DEFAULT_TIMEOUT = 30
DEFAULT_RETRIES = 5
MAX_CONNECT_TIMEOUT = 10

# Every connection option and the environment variable it falls back to, in documentation order.
CONNECTION_OPTIONS = (
    ("access_key", "HUAWEICLOUD_SDK_AK"),
    ("secret_key", "HUAWEICLOUD_SDK_SK"),
    ("domain_id", "HUAWEICLOUD_SDK_DOMAIN_ID"),
    ("security_token", "HUAWEICLOUD_SDK_SECURITY_TOKEN"),
    ("auth_token", "HUAWEICLOUD_AUTH_TOKEN"),
    ("user", "HUAWEICLOUD_USER"),
    ("password", "HUAWEICLOUD_PASSWORD"),
    ("domain_name", "HUAWEICLOUD_DOMAIN_NAME"),
    ("endpoint", "HUAWEICLOUD_IEC_ENDPOINT"),
    ("iam_endpoint", "HUAWEICLOUD_IAM_ENDPOINT"),
    ("validate_certs", "HUAWEICLOUD_VALIDATE_CERTS"),
    ("ca_path", "HUAWEICLOUD_CA_PATH"),
    ("api_timeout", "HUAWEICLOUD_API_TIMEOUT"),
    ("api_retries", "HUAWEICLOUD_API_RETRIES"),
)
ENV_VARS = dict(CONNECTION_OPTIONS)

# Backoff: full jitter over an exponential ceiling; one request never spends more than
# RETRY_BUDGET seconds waiting, whatever api_retries says, so a task cannot hang on a sick API.
BACKOFF_BASE = 0.5
BACKOFF_CAP = 20.0
RETRY_BUDGET = 120.0
RETRY_STATUSES = (500, 502, 503, 504)
IDEMPOTENT_METHODS = ("GET", "HEAD", "PUT", "DELETE")
TOKEN_RENEW_CODES = ("IEC.000003", "IEC.000004")
MAX_WORKERS = 16

TOKEN_PATH = "/v3/auth/tokens"

# How each list of the API pages: list path -> (mode, largest page the API accepts, key of the total), from
# the catalog (module_utils/catalog.py). A list path missing here is fetched in one request.
PAGINATION = catalog.pagination()
_PAGING_PARAMS = ("limit", "offset", "marker")

# Tokens are valid for 24 hours; one module run or inventory refresh asks IAM once.
_TOKEN_CACHE = {}
_TOKEN_LOCK = threading.Lock()


def quote(value):
    """Quote one path parameter the way the SDK does (``/`` included)."""
    return _urlquote(str(value), safe="")


def _template_regex(template):
    return re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$")


_PAGINATION_PATTERNS = [(_template_regex(t), spec) for t, spec in PAGINATION.items()]


def pagination_for(path):
    """Return ``(mode, max_page_size, count_key)`` for a list path, or None if it does not page."""
    path = path.rstrip("/") or "/"
    for pattern, spec in _PAGINATION_PATTERNS:
        if pattern.match(path):
            return spec
    return None


class IecError(Exception):
    """Base of every error the client raises; ``str()`` is one readable sentence."""

    def to_dict(self):
        return {"status": None, "error_code": None, "error_msg": str(self), "request_id": None,
                "method": None, "path": None}


class IecConfigError(IecError):
    """Bad or missing connection options, raised before any request is sent."""


class IecApiError(IecError):
    """An HTTP answer >= 400, or a transport failure (``status`` None)."""

    def __init__(self, status=None, error_code=None, error_msg=None, request_id=None, method=None,
                 path=None, ambiguous=False, service="IEC", message=None):
        self.status = status
        self.error_code = error_code
        self.error_msg = error_msg
        self.request_id = request_id
        self.method = method
        self.path = path
        self.ambiguous = ambiguous
        self.service = service
        self._message = message
        super(IecApiError, self).__init__(self.__str__())

    def __str__(self):
        if self._message:
            sentence = self._message
        else:
            detail = " ".join(str(part) for part in (self.status, self.error_code, self.error_msg) if part)
            sentence = "%s refused %s %s: %s" % (self.service, self.method, self.path, detail)
            if self.request_id:
                sentence += " (request id %s)" % self.request_id
        if self.ambiguous:
            sentence += "; the request may have been applied, so it was not re-sent"
        return sentence

    def to_dict(self):
        return {"status": self.status, "error_code": self.error_code, "error_msg": self.error_msg,
                "request_id": self.request_id, "method": self.method, "path": self.path}


class IecResponse(object):
    """A successful answer: ``status``, decoded ``json`` (None when empty), ``headers``, ``request_id``."""

    def __init__(self, status, data, headers, request_id):
        self.status = status
        self.json = data
        self.headers = headers
        self.request_id = request_id


def parse_error_body(data):
    """Return ``(error_code, error_msg)`` from an error body, reading the shapes the SDK reads."""
    if not isinstance(data, dict):
        return None, None
    candidates = [data] + [value for value in data.values() if isinstance(value, dict)]
    for candidate in candidates:
        for code_key, msg_key in (("error_code", "error_msg"), ("errorCode", "errorMsg"), ("code", "message")):
            if code_key in candidate or msg_key in candidate:
                code = candidate.get(code_key)
                msg = candidate.get(msg_key)
                return (None if code is None else str(code)), (None if msg is None else str(msg))
    return None, None


def _given(value):
    return value is not None and value != ""


def _as_bool(option, value):
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on", "y", "t"):
        return True
    if text in ("0", "false", "no", "off", "n", "f"):
        return False
    raise IecConfigError("%s must be a boolean, got %r." % (option, value))


def _check_url(option, value):
    problem = None
    try:
        parts = urlsplit(value)
        parts.port  # raises ValueError on a malformed port
    except ValueError:
        parts = None
        problem = "is not a valid URL"
    if parts is not None:
        if parts.scheme not in ("http", "https"):
            problem = "must start with https:// (or http://)"
        elif not parts.hostname:
            problem = "has no host"
        elif parts.username is not None or parts.password is not None:
            # Do not echo the value: it holds credentials.
            raise IecConfigError("%s (%s) must not contain credentials." % (option, ENV_VARS[option]))
        elif parts.query or parts.fragment:
            problem = "must not have a query string or fragment"
        elif re.search(r"/v[0-9]+(\.[0-9]+)?/*$", parts.path or ""):
            # The client adds /v1/... (IEC) and /v3/... (IAM) itself: .../v1 would ask for /v1/v1/...
            problem = ("must be the service's address without the API version (the collection adds /v1 and /v3 "
                       "itself), for example %s://%s" % (parts.scheme, parts.netloc))
    if problem:
        raise IecConfigError("%s %s, got %r (option %s, environment variable %s)."
                             % (option, problem, value, option, ENV_VARS[option]))
    return value.rstrip("/")


def _query_pairs(query):
    pairs = []
    if not query:
        return pairs
    items = query.items() if isinstance(query, dict) else query
    for key, value in items:
        if isinstance(value, (list, tuple)):
            pairs.extend((key, item) for item in value if item is not None)
        elif value is not None:
            pairs.append((key, value))
    return pairs


def _decode(response):
    if not response.content:
        return None
    try:
        return json.loads(response.content.decode("utf-8"))
    except ValueError:
        return None


class ConnectError(OSError):
    """The connection (TCP connect, proxy tunnel or TLS handshake) could not be made, so the request never
    left. ``reason`` (also ``__cause__``) is the exception that stopped it; ``proxy`` the proxy (host:port)
    the connection went to, None when direct."""

    def __init__(self, message, reason=None, proxy=None):
        super(ConnectError, self).__init__(message)
        self.reason = reason
        self.proxy = proxy


class ReadTimeout(TimeoutError):
    """The request was sent but no (complete) answer came within the read timeout."""


def _never_sent(exc):
    # A refused, unresolved or timed-out connect proves the request never left; anything later may have.
    return isinstance(exc, (ConnectError, ConnectionRefusedError, socket.gaierror))


def _refused(exc):
    """Whether nothing listens at the endpoint: the connection was refused (not reset, not timed out)."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, ConnectionRefusedError):
            return True
        text = repr(exc)
        if "Connection refused" in text or "Errno 111" in text or "WinError 10061" in text:
            return True
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
        exc = getattr(exc, "reason", None) or exc.__cause__ or exc.__context__ or inner
        seen += 1
    return False


def _tls_error(exc):
    """The ssl.SSLError behind a failed connection (the handshake: a certificate not trusted, an endpoint that
    does not speak TLS), or None. ssl is only loaded when an https endpoint was used."""
    ssl = sys.modules.get("ssl")
    if ssl is None:
        return None
    for candidate in (exc, getattr(exc, "reason", None) if isinstance(exc, ConnectError) else None):
        if isinstance(candidate, ssl.SSLError):
            return candidate
    return None


def _plain_http(exc):
    """Whether a TLS handshake met an endpoint that does not speak TLS (https:// to an http:// server)."""
    text = repr(exc)
    return any(sign in text for sign in ("WRONG_VERSION_NUMBER", "wrong version number", "record layer failure",
                                         "RECORD_LAYER_FAILURE", "http request", "HTTP_REQUEST"))


def _describe(exc):
    text = str(exc) or exc.__class__.__name__
    return text if len(text) <= 300 else text[:297] + "..."


def _auth_mode(get):
    """The way to authenticate the given options ask for ('aksk', 'token' or 'password'; get(name) answers an
    option, None when not given), or IecConfigError naming what conflicts or is missing."""
    access_key, secret_key = get("access_key"), get("secret_key")
    aksk = access_key is not None or secret_key is not None
    login = get("user") is not None or get("password") is not None
    if aksk and login:
        raise IecConfigError(
            "access_key/secret_key and user/password are both set and they conflict; give only one "
            "way to authenticate (unset HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK or "
            "HUAWEICLOUD_USER/HUAWEICLOUD_PASSWORD).")
    if get("auth_token") is not None and (aksk or login):
        other = "access_key/secret_key" if aksk else "user/password"
        raise IecConfigError(
            "auth_token and %s are both set and they conflict; give only one way to authenticate." % other)
    if aksk:
        mode = _aksk_mode(access_key, secret_key)
    elif get("auth_token") is not None:
        mode = "token"
    elif login:
        mode = _password_mode(get)
    else:
        raise IecConfigError(
            "No credentials for Huawei Cloud IEC. Set access_key and secret_key (environment variables "
            "HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, with domain_id / HUAWEICLOUD_SDK_DOMAIN_ID), or "
            "auth_token (HUAWEICLOUD_AUTH_TOKEN), or user, password and domain_name (HUAWEICLOUD_USER, "
            "HUAWEICLOUD_PASSWORD and HUAWEICLOUD_DOMAIN_NAME).")
    if get("security_token") is not None and mode != "aksk":
        raise IecConfigError("security_token only works with a temporary access_key and secret_key; "
                             "set those too, or unset security_token (HUAWEICLOUD_SDK_SECURITY_TOKEN).")
    return mode


def _aksk_mode(access_key, secret_key):
    """'aksk' when both halves of the key pair are given."""
    if access_key is None:
        raise IecConfigError("secret_key is set but access_key is missing; set access_key "
                             "(environment variable HUAWEICLOUD_SDK_AK).")
    if secret_key is None:
        raise IecConfigError("access_key is set but secret_key is missing; set secret_key "
                             "(environment variable HUAWEICLOUD_SDK_SK).")
    return "aksk"


def _password_mode(get):
    """'password' when user, password and domain_name are all given."""
    missing = [name for name in ("user", "password", "domain_name") if get(name) is None]
    if missing:
        raise IecConfigError(
            "user, password and domain_name are all needed to get a token; missing %s (%s)."
            % (", ".join(missing), ", ".join("environment variable %s" % ENV_VARS[m] for m in missing)))
    return "password"


def _tls_verify(validate, ca_path):
    """How to verify certificates: the CA bundle ca_path (a readable file) when certificates are validated,
    else whether they are (validate_certs, default true). See _tls_context."""
    validate_certs = True if validate is None or validate == "" else _as_bool("validate_certs", validate)
    if ca_path is not None and validate_certs:
        if not os.path.isfile(ca_path):
            raise IecConfigError("ca_path %s is not a readable file (option ca_path, environment "
                                 "variable HUAWEICLOUD_CA_PATH)." % ca_path)
        return ca_path
    return validate_certs


def _timeouts(timeout, given):
    """(connect, read) timeouts from api_timeout (seconds, > 0); given is the option as written, for the message."""
    try:
        timeout = float(DEFAULT_TIMEOUT if timeout is None else timeout)
    except (TypeError, ValueError):
        timeout = -1
    if timeout <= 0:
        raise IecConfigError("api_timeout must be a positive number of seconds, got %r." % given)
    return (min(MAX_CONNECT_TIMEOUT, timeout), timeout)


def _retry_count(retries, given):
    """api_retries as a whole number >= 0; given is the option as written, for the message."""
    try:
        retries = int(DEFAULT_RETRIES if retries is None else retries)
    except (TypeError, ValueError):
        retries = -1
    if retries < 0:
        raise IecConfigError("api_retries must be a whole number >= 0, got %r." % given)
    return retries


# -- HTTP ----------------------------------------------------------------------------------------------
# The standard library's http.client carries every request: it is always there (nothing to install on
# the host that runs a module) and it costs a module process far less to import than an HTTP library.

class Headers(MutableMapping):
    """Header names to values, looked up without regard to case; the names keep their spelling."""

    def __init__(self, data=None):
        self._store = {}
        if data:
            self.update(data)

    def __setitem__(self, name, value):
        self._store[name.lower()] = (name, value)

    def __getitem__(self, name):
        return self._store[name.lower()][1]

    def __delitem__(self, name):
        del self._store[name.lower()]

    def __iter__(self):
        return (name for name, value in self._store.values())

    def __len__(self):
        return len(self._store)

    def __repr__(self):
        return "Headers(%r)" % dict(self.items())


class HttpRequest(object):
    """What goes on the wire: ``method``, ``url`` (exactly the URL that was signed), ``headers``, ``body``."""

    def __init__(self, method, url, headers, body=None):
        self.method = method
        self.url = url
        self.headers = Headers(headers)
        self.body = body


class HttpResponse(object):
    """An answer: ``status_code``, ``reason``, ``headers`` (case-insensitive), ``content`` (the whole body,
    bytes) and ``iec_token``, the token the request carried (set by IecClient._send)."""

    def __init__(self, status_code, content=b"", headers=None, reason=""):
        self.status_code = status_code
        self.content = content
        self.headers = Headers(headers)
        self.reason = reason
        self.iec_token = None


# How a connection reaches scheme://host:port: connect to (host, port); tunnel is the (host, port) a proxy
# opens with CONNECT (https through a proxy); absolute is whether the request line names the whole URL
# (http through a proxy); headers go to the proxy (Proxy-Authorization).
Route = namedtuple("Route", ["host", "port", "tunnel", "absolute", "headers"])


def _proxy_settings_possible():
    # urllib.request (which loads ssl, among others) is imported only when a proxy may be configured:
    # a *_proxy environment variable, or the system settings macOS and Windows keep.
    return sys.platform == "darwin" or os.name == "nt" or any(name.lower().endswith("_proxy") for name in os.environ)


def _bypass_by_network(host, no_proxy):
    """Whether host is an IP address inside a network (CIDR) listed in no_proxy, as requests read it."""
    if "/" not in no_proxy:
        return False
    import ipaddress
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    for entry in no_proxy.replace(" ", "").split(","):
        try:
            if "/" in entry and address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def route(scheme, host, port):
    """How to reach scheme://host:port, honouring the proxy settings of the environment as requests did:
    HTTPS_PROXY / HTTP_PROXY / ALL_PROXY (lower case too; on macOS and Windows also the system's settings),
    and NO_PROXY (names, domain suffixes, host:port, networks in CIDR form, or *). https goes through a
    proxy in a CONNECT tunnel, http as an absolute-URI request to the proxy."""
    direct = Route(host, port, None, False, {})
    if not _proxy_settings_possible():
        return direct
    import urllib.request
    proxies = urllib.request.getproxies()
    proxy = proxies.get(scheme) or proxies.get("all")
    if not proxy:
        return direct
    netloc = "[%s]:%d" % (host, port) if ":" in host else "%s:%d" % (host, port)
    if (_bypass_by_network(host, proxies.get("no") or "") or urllib.request.proxy_bypass(host)
            or urllib.request.proxy_bypass(netloc)):
        return direct
    if "://" not in proxy:
        proxy = "http://" + proxy
    try:
        parts = urlsplit(proxy)
        proxy_port = parts.port or 80
    except ValueError:
        parts, proxy_port = None, None
    if parts is None or parts.scheme != "http" or not parts.hostname:
        raise IecConfigError("The proxy for %s:// endpoints in the environment (%s_PROXY) must be an http:// "
                             "proxy address such as http://proxy.example.com:3128, got %s://...; "
                             "set it to one, or add %s to NO_PROXY."
                             % (scheme, scheme.upper(), parts.scheme if parts else "an invalid address", host))
    headers = {}
    if parts.username is not None:
        import base64
        from urllib.parse import unquote
        credentials = "%s:%s" % (unquote(parts.username), unquote(parts.password or ""))
        headers["Proxy-Authorization"] = "Basic " + base64.b64encode(credentials.encode("utf-8")).decode("ascii")
    if scheme == "https":
        return Route(parts.hostname, proxy_port, (host, port), False, headers)
    return Route(parts.hostname, proxy_port, None, True, headers)


def _tls_context(verify):
    """The TLS settings for verify (True, False or a CA bundle file). Certificates are checked against the
    system's store (plus certifi's bundle when that package is installed), or only against ca_path when it
    is given; REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE still name a bundle, as they did with requests."""
    import ssl
    if verify is False:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context
    bundle = verify if isinstance(verify, str) else None
    for variable in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        if bundle is None and os.environ.get(variable):
            bundle = os.environ[variable]
            if not os.path.exists(bundle):
                raise IecConfigError("The environment variable %s names the CA bundle %s, which does not exist; "
                                     "set it to a bundle, or unset it to use the system's certificates."
                                     % (variable, bundle))
    if bundle:
        if os.path.isdir(bundle):
            return ssl.create_default_context(capath=bundle)
        return ssl.create_default_context(cafile=bundle)
    context = ssl.create_default_context()
    try:
        import certifi
    except ImportError:
        certifi = None
    if certifi is not None:
        try:
            context.load_verify_locations(certifi.where())
        except (OSError, ssl.SSLError):
            pass
    return context


def _dropped(sock):
    """Whether an idle kept-alive socket was closed by the server: readable means end of file (or data
    nobody asked for), so it must not carry another request."""
    try:
        if hasattr(select, "poll"):
            poller = select.poll()
            poller.register(sock, select.POLLIN)
            return bool(poller.poll(0))
        return bool(select.select([sock], [], [], 0)[0])
    except (OSError, ValueError):
        return True


def _body_of(answer):
    """The whole body of an answer, uncompressed (the client asks for gzip or deflate, as requests did)."""
    content = answer.read()
    encoding = (answer.getheader("Content-Encoding") or "").strip().lower()
    try:
        if content and encoding in ("gzip", "x-gzip"):
            content = zlib.decompress(content, 16 + zlib.MAX_WBITS)
        elif content and encoding == "deflate":
            try:
                content = zlib.decompress(content)
            except zlib.error:
                content = zlib.decompress(content, -zlib.MAX_WBITS)
    except zlib.error as exc:
        raise http.client.HTTPException("the answer's %s body could not be decoded: %s" % (encoding, exc)) from exc
    return content


# A failure on a kept-alive connection before any byte of the answer came: the server closed it meanwhile.
_STALE_ERRORS = (http.client.RemoteDisconnected, ConnectionResetError, ConnectionAbortedError, BrokenPipeError)
_SAFE_METHODS = ("GET", "HEAD")


class HttpTransport(object):
    """Sends requests over persistent connections: one per (thread, scheme, host, port), opened again when
    the server closed it. ``timeout`` is (connect, read) in seconds, ``verify`` True, False or a CA bundle.

    Failures are stdlib exceptions: ConnectError when the request never left (refused, unresolved,
    connect timeout, proxy tunnel, TLS handshake), ReadTimeout, and RemoteDisconnected, ConnectionResetError,
    BrokenPipeError, http.client.HTTPException... when it may have. A request that met a kept-alive
    connection the server had just closed, before any byte of the answer, is sent again at once on a new
    connection, but only a GET or HEAD: anything else is left to the caller, which knows what may be re-sent.
    """

    def __init__(self, timeout, verify):
        self.timeout = timeout
        self.verify = verify
        self._local = threading.local()
        self._context = None
        self._context_lock = threading.Lock()

    def _tls(self):
        with self._context_lock:
            if self._context is None:
                self._context = _tls_context(self.verify)
            return self._context

    def _connection(self, scheme, host, port):
        """The calling thread's connection to scheme://host:port and its Route (a new one when needed)."""
        connections = getattr(self._local, "connections", None)
        if connections is None:
            connections = self._local.connections = {}
        key = (scheme, host, port)
        if key not in connections:
            way = route(scheme, host, port)
            if scheme == "https":
                conn = http.client.HTTPSConnection(way.host, way.port, timeout=self.timeout[0], context=self._tls())
                if way.tunnel:
                    conn.set_tunnel(way.tunnel[0], way.tunnel[1], headers=way.headers)
            else:
                conn = http.client.HTTPConnection(way.host, way.port, timeout=self.timeout[0])
            connections[key] = (conn, way)
        return connections[key]

    def _connect(self, conn, way, host, port):
        proxied = None if way.host == host and way.port == port else "%s:%d" % (way.host, way.port)
        proxy = " through the proxy %s" % proxied if proxied else ""
        try:
            conn.connect()
        except socket.timeout as exc:
            conn.close()
            raise ConnectError("Connection to %s:%d%s timed out (connect timeout %g s)"
                               % (host, port, proxy, self.timeout[0]), exc, proxied) from exc
        except socket.gaierror as exc:
            conn.close()
            raise ConnectError("Failed to resolve %s (%s)" % (way.host, exc), exc, proxied) from exc
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            raise ConnectError("Failed to establish a new connection to %s:%d%s: %s" % (host, port, proxy, exc),
                               exc, proxied) from exc
        conn.sock.settimeout(self.timeout[1])

    def send(self, request):
        """Send an HttpRequest; return an HttpResponse with the whole body read."""
        parts = urlsplit(request.url)
        scheme, host = parts.scheme, parts.hostname
        port = parts.port or (443 if scheme == "https" else 80)
        conn, way = self._connection(scheme, host, port)
        target = request.url if way.absolute else (request.url[len(scheme) + 3 + len(parts.netloc):] or "/")
        if target.startswith("?"):
            target = "/" + target
        headers = Headers(way.headers if way.absolute else {})
        headers.update({"Accept": "*/*", "Accept-Encoding": "gzip, deflate", "Connection": "keep-alive"})
        headers.update(request.headers)
        if request.body is None and request.method not in _SAFE_METHODS:
            headers["Content-Length"] = "0"
        for attempt in (1, 2):
            reused = conn.sock is not None
            if reused and _dropped(conn.sock):
                conn.close()
                reused = False
            if conn.sock is None:
                self._connect(conn, way, host, port)
            try:
                return self._exchange(conn, request.method, target, headers, request.body, host, port)
            except _STALE_ERRORS as exc:
                stale = reused and getattr(exc, "iec_unanswered", False)
                if not (stale and attempt == 1 and request.method in _SAFE_METHODS):
                    raise
        raise AssertionError("a request is sent at most twice")

    def _exchange(self, conn, method, target, headers, body, host, port):
        answered = False
        try:
            conn.request(method, target, body=body, headers=headers)
            answer = conn.getresponse()
            answered = True
            content = _body_of(answer)
        except socket.timeout as exc:
            conn.close()
            raise ReadTimeout("%s:%d did not answer within the read timeout (%g s)" % (host, port, self.timeout[1])) \
                from exc
        except BaseException as exc:
            conn.close()
            ssl = sys.modules.get("ssl")
            if ssl is not None and isinstance(exc, ssl.SSLError):
                # After the handshake a TLS failure is a broken connection, not a certificate to trust.
                raise ConnectionResetError("the TLS connection to %s:%d broke: %s" % (host, port, exc)) from exc
            if isinstance(exc, _STALE_ERRORS) and not answered:
                exc.iec_unanswered = True
            raise
        if answer.will_close:
            conn.close()
        received = Headers()
        for name, value in answer.getheaders():
            # A header sent more than once is one value, joined as HTTP allows.
            received[name] = received[name] + ", " + value if name in received else value
        return HttpResponse(answer.status, content, received, answer.reason)


class IecClient(object):
    """A session with the IEC API.

    ``options`` holds the connection options (missing keys mean unset). ``warn`` and ``log`` are
    callables taking one string. ``err_sites``, when given, is called as ``err_sites(path, sites)``
    instead of ``warn`` when a list answer names sites that did not answer (a partial list). ``sleep``, ``clock``, ``wallclock`` and ``rand`` replace
    ``time.sleep``, ``time.monotonic``, ``time.time`` and ``random.random`` (tests use them to
    observe backoff without waiting).
    """

    quote = staticmethod(quote)

    def __init__(self, options, warn=None, log=None, sleep=None, clock=None, wallclock=None, rand=None,
                 err_sites=None):
        self._warn = warn or (lambda message: None)
        self._err_sites = err_sites
        self._log = log or (lambda message: None)
        self._sleep = sleep or time.sleep
        self._clock = clock or time.monotonic
        self._wallclock = wallclock or time.time
        self._rand = rand or random.random
        self._configure(dict(options or {}))
        self._transport = HttpTransport(self._timeout, self._verify)
        self._count_lock = threading.Lock()
        self.request_count = 0

    # -- configuration -------------------------------------------------------------------------

    def _configure(self, opts):
        def get(name):
            value = opts.get(name)
            return value if _given(value) else None

        self._mode = _auth_mode(get)
        self._access_key, self._secret_key = get("access_key"), get("secret_key")
        self._security_token = get("security_token")
        self._auth_token = get("auth_token")
        self._user, self._password, self._domain_name = get("user"), get("password"), get("domain_name")
        self._domain_id_option = get("domain_id")

        self.endpoint = _check_url("endpoint", get("endpoint") or DEFAULT_ENDPOINT)
        self.iam_endpoint = _check_url("iam_endpoint", get("iam_endpoint") or DEFAULT_IAM_ENDPOINT)
        self._verify = _tls_verify(opts.get("validate_certs"), get("ca_path"))
        self._timeout = _timeouts(get("api_timeout"), opts.get("api_timeout"))
        self._retries = _retry_count(get("api_retries"), opts.get("api_retries"))
        # Endpoints that answered at least once: a refused connection there is a restart worth retrying.
        self._answered = set()

    # -- authentication ------------------------------------------------------------------------

    @property
    def domain_id(self):
        """The account's domain id: the domain_id option, or the one IAM returned with the token."""
        if self._mode == "password":
            return self._password_token()[1]
        return self._domain_id_option

    def _token_key(self):
        # The password's digest is part of the key: a worker running the modules of several loop items keeps the
        # cache between them, and a wrong password must not ride on the token of a right one.
        secret = hashlib.sha256(str(self._password).encode("utf-8")).hexdigest()
        return (self.iam_endpoint, self._domain_name, self._user, secret)

    def _password_token(self, stale=None):
        key = self._token_key()
        # Held across the IAM call so parallel page fetches renew once, not once per thread.
        with _TOKEN_LOCK:
            cached = _TOKEN_CACHE.get(key)
            if cached is not None and cached[0] != stale:
                return cached
            fresh = self._issue_token()
            _TOKEN_CACHE[key] = fresh
            return fresh

    def _issue_token(self):
        body = {"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": self._user, "password": self._password, "domain": {"name": self._domain_name}}}},
            "scope": {"domain": {"name": self._domain_name}},
        }}
        payload = json.dumps(body).encode("utf-8")
        response = self._send(self.iam_endpoint, "POST", TOKEN_PATH, "", payload, idempotent=True,
                              authenticate=False, service="IAM")
        if response.status_code >= 400:
            raise self._api_error(response, "POST", TOKEN_PATH, "IAM")
        token = response.headers.get("X-Subject-Token")
        if not token:
            raise IecApiError(status=response.status_code, method="POST", path=TOKEN_PATH, service="IAM",
                              request_id=response.headers.get("X-Request-Id"),
                              message="IAM answered POST %s without an X-Subject-Token header, so no token "
                                      "was issued" % TOKEN_PATH)
        data = _decode(response) or {}
        token_info = data.get("token") or {}
        domain = token_info.get("domain") or (token_info.get("user") or {}).get("domain") or {}
        return token, domain.get("id")

    def _auth_headers(self, method, url, headers, payload):
        """Return (headers to send, token used or None)."""
        if self._mode == "aksk":
            if self._domain_id_option:
                headers["X-Domain-Id"] = self._domain_id_option
            if self._security_token:
                headers["X-Security-Token"] = self._security_token
            return sign(method, url, headers, payload, self._access_key, self._secret_key), None
        token = self._auth_token if self._mode == "token" else self._password_token()[0]
        headers["X-Auth-Token"] = token
        return headers, token

    # -- sending -------------------------------------------------------------------------------

    def _transmit(self, method, url, headers, payload):
        # The URL goes on the wire exactly as signed (the signature covers the canonical query); no
        # credentials are added from ~/.netrc or elsewhere, and redirects are not followed.
        with self._count_lock:
            self.request_count += 1
        return self._transport.send(HttpRequest(method, url, headers, payload))

    def _tls_advice(self, base, method, path, service, exc):
        option = "iam_endpoint" if service == "IAM" else "endpoint"
        if _plain_http(exc) and base.startswith("https://"):
            return ("The %s endpoint %s (option %s, environment variable %s) does not speak TLS (%s %s): for a "
                    "plain-HTTP endpoint such as the emulator, write http://%s instead"
                    % (service, base, option, ENV_VARS[option], method, path, base[len("https://"):]))
        if isinstance(self._verify, str):
            advice = ("ca_path (%s) does not hold the CA that signed its certificate; set ca_path to the bundle "
                      "that does" % self._verify)
        else:
            advice = ("set ca_path (environment variable HUAWEICLOUD_CA_PATH) to the CA bundle that signed its "
                      "certificate")
        return ("TLS verification of the %s endpoint %s (option %s) failed for %s %s: %s. To trust it, %s, or set "
                "validate_certs=false only for a test endpoint you trust"
                % (service, base, option, method, path, _describe(exc), advice))

    def _backoff(self, retry):
        return self._rand() * min(BACKOFF_CAP, BACKOFF_BASE * (2 ** retry))

    def _retry_after(self, response):
        value = response.headers.get("Retry-After")
        if not value:
            return None
        value = value.strip()
        try:
            return max(0.0, float(value))
        except ValueError:
            pass
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        return max(0.0, when.timestamp() - self._wallclock())

    def _may_retry(self, retry, started, delay):
        return retry < self._retries and (self._clock() - started) + delay <= RETRY_BUDGET

    def _send(self, base, method, path, query, payload, idempotent, authenticate=True, service="IEC"):
        """Send with retries; return the last HttpResponse or raise IecApiError.

        The token the final attempt carried is kept on the response (``iec_token``) so that a
        401 renews exactly that token and not one another thread has already replaced.
        """
        url = base + path + ("?" + query if query else "")
        started = self._clock()
        retry = 0
        while True:
            headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
            token = None
            if authenticate:
                headers, token = self._auth_headers(method, url, headers, payload)
            try:
                response = self._transmit(method, url, headers, payload)
            except (OSError, http.client.HTTPException) as exc:
                delay = self._unanswered(exc, base, method, path, service, idempotent, retry, started)
                self._log("%s %s %s: %s; retrying in %.1fs" % (service, method, path, exc.__class__.__name__, delay))
                self._sleep(delay)
                retry += 1
                continue

            self._answered.add(base)
            status = response.status_code
            retryable = status == 429 or (status in RETRY_STATUSES and idempotent)
            if retryable:
                delay = self._retry_after(response) if status == 429 else None
                if delay is None:
                    delay = self._backoff(retry)
                if self._may_retry(retry, started, delay):
                    self._log("%s %s %s: %d; retrying in %.1fs" % (service, method, path, status, delay))
                    self._sleep(delay)
                    retry += 1
                    continue
            self._log("%s %s %s -> %d (request id %s)"
                      % (service, method, path, status, response.headers.get("X-Request-Id")))
            response.iec_token = token
            return response

    def _unanswered(self, exc, base, method, path, service, idempotent, retry, started):
        """A request that got no answer (exc): raise the IecApiError that says why, or answer how long to wait
        before sending it again (idempotent requests only, while retries and time remain)."""
        tls = _tls_error(exc)
        if tls is not None:
            raise IecApiError(method=method, path=path, service=service, error_msg=_describe(tls),
                              message=self._tls_advice(base, method, path, service, tls))
        unsent = _never_sent(exc)
        if base not in self._answered and _refused(exc) and not getattr(exc, "proxy", None):
            # Nothing listens there and nothing ever did in this run: a wrong endpoint, not a
            # restart to wait out, so no retries. (A proxy that refuses is named by the message.)
            option = "iam_endpoint" if service == "IAM" else "endpoint"
            raise IecApiError(method=method, path=path, service=service, error_msg=_describe(exc),
                              message="Nothing answers at the %s endpoint %s (connection refused for %s %s): "
                                      "set the %s option or the environment variable %s to the address of "
                                      "the %s API, and check that it runs there"
                                      % (service, base, method, path, option, ENV_VARS[option], service))
        if not idempotent:
            raise IecApiError(method=method, path=path, service=service, error_msg=_describe(exc),
                              ambiguous=not unsent,
                              message="%s did not answer %s %s: %s" % (service, method, path, _describe(exc)))
        delay = self._backoff(retry)
        if not self._may_retry(retry, started, delay):
            raise IecApiError(method=method, path=path, service=service, error_msg=_describe(exc),
                              message="%s did not answer %s %s after %d attempt(s): %s"
                                      % (service, method, path, retry + 1, _describe(exc)))
        return delay

    def _api_error(self, response, method, path, service="IEC"):
        data = _decode(response)
        code, msg = parse_error_body(data)
        if code is None and msg is None:
            msg = response.reason or None
        request_id = response.headers.get("X-Request-Id")
        if not request_id and isinstance(data, dict) and data.get("request_id"):
            request_id = str(data["request_id"])
        ambiguous = method not in IDEMPOTENT_METHODS and response.status_code >= 500
        message = None
        if response.status_code == 401 and self._mode == "aksk":
            message = ("%s refused the signature of %s %s (401 %s): check that secret_key (environment variable "
                       "HUAWEICLOUD_SDK_SK) is the secret of access_key (HUAWEICLOUD_SDK_AK) and that this "
                       "machine's clock is right, as signatures more than 15 minutes off are refused"
                       % (service, method, path, " ".join(str(part) for part in (code, msg) if part)))
            if request_id:
                message += " (request id %s)" % request_id
        return IecApiError(status=response.status_code, error_code=code, error_msg=msg, request_id=request_id,
                           method=method, path=path, ambiguous=ambiguous, service=service, message=message)

    def request(self, method, path, query=None, body=None):
        """Send one API call and return an IecResponse; raise IecApiError on an answer >= 400."""
        method = method.upper()
        if not path.startswith("/"):
            raise ValueError("path must start with /: %r" % path)
        query_string = canonical_query(_query_pairs(query))
        payload = None if body is None else json.dumps(body).encode("utf-8")
        idempotent = method in IDEMPOTENT_METHODS
        renewed = False
        while True:
            response = self._send(self.endpoint, method, path, query_string, payload, idempotent)
            if response.status_code < 400:
                return IecResponse(response.status_code, _decode(response), response.headers,
                                   response.headers.get("X-Request-Id"))
            error = self._api_error(response, method, path)
            if (response.status_code == 401 and self._mode == "password" and not renewed
                    and error.error_code in TOKEN_RENEW_CODES):
                self._log("IEC rejected the token (%s); asking IAM for a new one" % error.error_code)
                self._password_token(stale=response.iec_token)
                renewed = True
                continue
            raise error

    def get(self, path, query=None):
        data = self.request("GET", path, query).json
        self._report_err_sites(path, data, set())
        return data

    def post(self, path, body=None, query=None):
        return self.request("POST", path, query, body).json

    def put(self, path, body=None, query=None):
        return self.request("PUT", path, query, body).json

    def delete(self, path, query=None):
        return self.request("DELETE", path, query).json

    # -- pagination ----------------------------------------------------------------------------

    def _report_err_sites(self, path, data, warned):
        if not isinstance(data, dict):
            return
        sites = [str(site) for site in (data.get("err_sites") or []) if str(site) not in warned]
        if sites:
            warned.update(sites)
            if self._err_sites is not None:
                self._err_sites(path, sites)
                return
            self._warn("IEC could not answer GET %s from %d site(s): %s; the list is incomplete."
                       % (path, len(sites), ", ".join(sites)))

    def _page(self, path, items_key, query, paging):
        page_query = dict(query)
        page_query.update(paging)
        data = self.request("GET", path, page_query).json
        if items_key is None:
            items = data if isinstance(data, list) else []
        else:
            items = (data.get(items_key) or []) if isinstance(data, dict) else []
        return items, data

    def paginate(self, path, items_key, query=None, page_size=None, workers=None):
        """Yield every item of a list, page by page.

        ``items_key`` names the list in the answer (None when the answer is the list itself).
        ``workers`` > 1 fetches the pages after the first concurrently once the first page has
        told the total; items still come out in order.
        """
        base_query = dict((k, v) for k, v in (query or {}).items() if k not in _PAGING_PARAMS)
        spec = pagination_for(path)
        warned = set()
        if spec is None:
            items, data = self._page(path, items_key, base_query, {})
            self._report_err_sites(path, data, warned)
            yield from items
            return
        mode, maximum, count_key = spec
        size = maximum if not page_size else max(1, min(int(page_size), maximum))
        position = 1 if mode == "page" else 0
        marker = None
        seen = 0
        first = True
        while True:
            paging = {"limit": size}
            if mode == "marker":
                if marker is not None:
                    paging["marker"] = marker
            else:
                paging["offset"] = position
            items, data = self._page(path, items_key, base_query, paging)
            self._report_err_sites(path, data, warned)
            yield from items
            seen += len(items)
            count = data.get(count_key) if count_key and isinstance(data, dict) else None
            if not isinstance(count, int) or isinstance(count, bool):
                count = None
            if len(items) < size or (count is not None and seen >= count):
                return
            if first and workers and workers > 1 and count is not None and mode != "marker":
                yield from self._remaining_pages(path, items_key, base_query, mode, size, seen, count,
                                                 workers, warned)
                return
            first = False
            if mode == "page":
                position += 1
            elif mode == "offset":
                position += len(items)
            else:
                last = items[-1]
                marker = last.get("id") if isinstance(last, dict) else None
                if not marker:
                    return

    def _remaining_pages(self, path, items_key, query, mode, size, seen, count, workers, warned):
        pages = -(-(count - seen) // size)
        if mode == "page":
            pagings = [{"limit": size, "offset": 2 + i} for i in range(pages)]
        else:
            pagings = [{"limit": size, "offset": seen + i * size} for i in range(pages)]
        pool = ThreadPoolExecutor(max_workers=min(workers, pages, MAX_WORKERS))
        futures = [pool.submit(self._page, path, items_key, query, paging) for paging in pagings]
        try:
            for future in futures:
                items, data = future.result()
                self._report_err_sites(path, data, warned)
                yield from items
        finally:
            for future in futures:
                future.cancel()
            pool.shutdown(wait=True)

    def list_all(self, path, items_key, query=None, page_size=None, workers=None):
        """Return every item of a list (see :meth:`paginate`)."""
        return list(self.paginate(path, items_key, query, page_size, workers))
