"""The HTTP front: one ThreadingHTTPServer serving IAM, IEC and the /_emulator/ test hooks.

The standard library server is used because it hands over the raw request-target (needed to verify
AK/SK signatures over the undecoded path and query) and adds no dependency.
"""
import functools
import json
import random
import socket
import ssl
import sys
import threading
import time
import traceback
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

from . import auth
from .catalog import Catalog
from .clock import Clock, parse_time
from .errors import ApiError, api_error
from .quotas import Quotas
from .registry import HANDLERS, Context, Reply
from . import handlers, models
from .spec import OPERATIONS, UNKNOWN_FIELD_ERROR, Invalid, Router, coerce_query, shape_response, validate_object, validate_value
from .store import State
from .timing import Timing

SECRET_QUERY = ("token", "secret", "password", "passwd", "signature", "credential", "sk", "ak", "key")
FAULT_KEYS = {"error_rate", "error_statuses", "retry_after_s", "drop_rate", "latency_ms", "methods",
              "path_prefix", "seed", "err_sites"}
LOG_LIMIT = 200000
# Body keys whose values never reach the recording (--record): passwords, user data, private keys.
SECRET_BODY = ("pass", "secret", "user_data", "private_key", "token")


def _secret_body_key(k):
    k = k.lower()
    return any(s in k for s in SECRET_BODY)


def mask_body(value):
    """A JSON body with the values of secret-looking keys replaced by '***' (types kept for strings)."""
    if isinstance(value, dict):
        return {k: ("***" if _secret_body_key(k) and isinstance(v, str) else mask_body(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_body(v) for v in value]
    return value


@functools.lru_cache(maxsize=1024)
def _secret_key(k):
    k = k.lower()
    return any(s == k or s in k.replace("-", "_").split("_") or (len(s) > 3 and s in k) for s in SECRET_QUERY)


def parse_query(raw_query):
    """Raw query string -> {key: [values]} with '+' kept literally (the SDK encodes spaces as %20)."""
    out = {}
    if not raw_query:
        return out
    for part in raw_query.split("&"):
        if not part:
            continue
        k, v = part.partition("=")[::2]
        out.setdefault(unquote(k), []).append(unquote(v))
    return out


class Emulator:
    """Holds everything one emulator instance serves; independent of the socket layer."""

    def __init__(self, accounts, state_file=None, async_seconds=None, n_sites=12, token_ttl=86400, time_scale=1.0,
                 seed=None, delays=None, record_file=None):
        models.load_all()
        handlers.load_all()
        self.accounts = accounts
        self.clock = Clock()
        self.state = State(self.clock, state_file)
        self.catalog = Catalog(n_sites)
        self.quotas = Quotas(accounts)
        self.router = Router()
        # How long asynchronous operations take (timing.py): the cloud's profile, or one fixed duration.
        self.timing = Timing(async_seconds, time_scale, seed, delays)
        self.token_ttl = float(token_ttl)
        self.faults = {}
        self._fault_rng = random.Random()
        self._fault_lock = threading.Lock()
        self.log = []
        self._log_lock = threading.Lock()
        # --record FILE: every exchange (request body and answer included, secrets masked) as one JSON
        # line, for the wire check (tests/wire/check_wire.py) that validates them against the SDK models.
        self._record_fh = open(record_file, "a", encoding="utf-8") if record_file else None

    # -------------------------------------------------------------- request log
    def record(self, method, path, query, status, domain_id, operation, request_id, wire=None):
        """wire: what the recording adds to the log entry: body, answer, dropped (answer fields the spec
        left out), refused (why validation refused the request)."""
        masked = {}
        for k, vs in query.items():
            vals = ["***" if _secret_key(k) else v for v in vs]
            masked[k] = vals[0] if len(vals) == 1 else vals
        entry = {"method": method, "path": path, "query": masked, "status": status, "domain_id": domain_id,
                 "operation": operation, "request_id": request_id, "time": self.clock.now()}
        with self._log_lock:
            self.log.append(entry)
            if len(self.log) > LOG_LIMIT:
                del self.log[: len(self.log) - LOG_LIMIT]
            if self._record_fh is not None:
                rec = dict(entry, **{k: v for k, v in (wire or {}).items() if v is not None})
                if "body" in rec:
                    rec["body"] = mask_body(rec["body"])
                if "answer" in rec:
                    rec["answer"] = mask_body(rec["answer"])
                self._record_fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
                self._record_fh.flush()

    # -------------------------------------------------------------- faults
    def set_faults(self, cfg):
        unknown = set(cfg) - FAULT_KEYS
        if unknown:
            raise ValueError("unknown fault keys: %s" % ", ".join(sorted(unknown)))
        with self._fault_lock:
            self.faults = dict(cfg)
            self._fault_rng = random.Random(cfg.get("seed"))

    def pick_fault(self, method, path):
        """None, ("drop",), ("error", status) - decided before the request is applied."""
        f = self.faults
        if not f:
            return None, 0
        if f.get("methods") and method not in [m.upper() for m in f["methods"]]:
            return None, 0
        if f.get("path_prefix") and not path.startswith(f["path_prefix"]):
            return None, 0
        latency = float(f.get("latency_ms") or 0) / 1000.0
        with self._fault_lock:
            r1 = self._fault_rng.random()
            r2 = self._fault_rng.random()
            statuses = f.get("error_statuses") or [500]
            status = self._fault_rng.choice(statuses)
        if r1 < float(f.get("drop_rate") or 0):
            return ("drop",), latency
        if r2 < float(f.get("error_rate") or 0):
            return ("error", int(status)), latency
        return None, latency

    def reset(self):
        with self.state.lock:
            self.state.reset()
        with self._log_lock:
            self.log = []
        self.set_faults({})
        self.clock.reset()
        self.timing.reseed()


def fault_body(status):
    if status == 429:
        return {"error_code": "APIGW.0308", "error_msg": "The throttling threshold has been reached: policy user over ratelimit"}
    if status == 503:
        return {"error_code": "IEC.030002", "error_msg": "Service Unavailable"}
    if status >= 500:
        return {"error_code": "IEC.000001", "error_msg": "Internal Server Error!"}
    return {"error_code": "IEC.000007", "error_msg": "The request body parameter is illegal: injected fault."}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "iec-emulator"
    sys_version = ""

    def setup(self):
        super().setup()
        # Headers and body go out in two writes; without NODELAY, Nagle plus the client's delayed ACK
        # adds ~40 ms to every keep-alive answer.
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("%s - %s\n" % (self.address_string(), fmt % args))

    def do_GET(self):
        self._handle()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    # -------------------------------------------------------------- plumbing
    def _send(self, status, body, request_id, extra=None):
        data = b""
        if body is not None and status != 204:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("X-Request-Id", request_id)
        if status != 204:
            self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, str(v))
        # end_headers() with the body in the same buffer: one write (one send) per answer, not two.
        self._headers_buffer.append(b"\r\n")
        if data and self.command != "HEAD":
            self._headers_buffer.append(data)
        self.flush_headers()

    def _headers(self):
        """Lower-case name -> text. The stdlib decodes header bytes as latin-1; the SDK sends UTF-8."""
        out = {}
        # The parsed (name, value) pairs as read; items() would re-sanitize each value through the email policy.
        for k, v in getattr(self.headers, "_headers", None) or self.headers.items():
            try:
                v = v.encode("latin-1").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                pass
            out[k.lower()] = v
        return out

    def _handle(self):
        emu = self.server.emulator
        request_id = uuid.uuid4().hex
        method = self.command
        raw_path, raw_query = self.path.partition("?")[::2]
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        body_bytes = self.rfile.read(length) if length > 0 else b""
        if raw_path.startswith("/_emulator/"):
            return self._hook(raw_path, body_bytes, request_id)
        query = parse_query(raw_query)
        fault, latency = emu.pick_fault(method, raw_path)
        if latency:
            # Injected latency is the fault itself, not synchronisation.
            time.sleep(latency)
        if fault:
            if fault[0] == "drop":
                emu.record(method, raw_path, query, None, None, None, request_id)
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            status = fault[1]
            extra = {"Retry-After": int(emu.faults.get("retry_after_s", 1))} if status == 429 else None
            emu.record(method, raw_path, query, status, None, None, request_id)
            return self._send(status, fault_body(status), request_id, extra)
        domain_id = None
        operation = None
        self._wire = {}
        try:
            if raw_path.rstrip("/") == "/v3/auth/tokens" and method == "POST":
                operation = "iam_create_token"
                return self._iam(body_bytes, request_id, query)
            headers = self._headers()
            identity = self._authenticate(method, raw_path, raw_query, headers, body_bytes)
            domain_id = identity.domain_id
            body = None
            if body_bytes.strip():
                try:
                    body = json.loads(body_bytes.decode("utf-8"))
                except (ValueError, UnicodeDecodeError):
                    body = ValueError
            if body is not ValueError:
                self._wire["body"] = body
            operation, path_params = emu.router.resolve(method, raw_path, body if body is not ValueError else None)
            if operation is None:
                raise api_error("APIGW.0101")
            status, out, extra = self._dispatch(operation, identity, path_params, query, body)
            self._wire["answer"] = out
            emu.record(method, raw_path, query, status, domain_id, operation, request_id, self._wire)
            return self._send(status, out, request_id, extra)
        except ApiError as e:
            self._wire["answer"] = e.body()
            emu.record(method, raw_path, query, e.status, domain_id, operation, request_id, self._wire)
            return self._send(e.status, e.body(), request_id, e.headers)
        except auth.IamError as e:
            emu.record(method, raw_path, query, e.status, None, operation, request_id)
            return self._send(e.status, e.body(), request_id)
        except Exception:  # noqa: BLE001 - any bug must still answer, and be visible on stderr
            traceback.print_exc()
            emu.record(method, raw_path, query, 500, domain_id, operation, request_id)
            return self._send(500, {"error_code": "IEC.000001", "error_msg": "Internal Server Error!"}, request_id)

    def _authenticate(self, method, raw_path, raw_query, headers, body):
        emu = self.server.emulator
        authz = headers.get("authorization", "")
        if authz.startswith("SDK-"):
            return auth.verify_signature(emu.accounts, emu.clock, method, raw_path, raw_query, headers, body)
        token = headers.get("x-auth-token")
        if not token:
            raise api_error("IEC.000002")
        return auth.verify_token(emu.accounts, emu.clock, token.strip())

    def _dispatch(self, operation, identity, path_params, query, body):
        emu = self.server.emulator
        op = OPERATIONS[operation]
        # Validation first, without the lock: an invalid request never touches state.
        for p in op["path_params"]:
            v = path_params.get(p["name"])
            if v in (None, ""):
                raise api_error("IEC.000031", p["name"])
            try:
                validate_value(dict(p, required=True), v, p["name"])
            except Invalid:
                raise api_error(p.get("error", "IEC.000030"), p["name"])
        try:
            typed_query = coerce_query(op["query_params"], query)
        except Invalid as e:
            raise ApiError(400, "IEC.000006", "the query parameter is illegal: %s %s" % (e.where, e.reason))
        if body is ValueError:
            raise api_error("IEC.000010")
        if op["body"]:
            if body is None:
                if op["body"].get("required"):
                    raise api_error("IEC.000010")
                body = {}
            if not isinstance(body, dict):
                raise api_error("IEC.000010")
            try:
                validate_object(op["body"]["fields"], body)
            except Invalid as e:
                code = e.node.get("error") or op.get("validation_error") or "IEC.000007"
                if code == UNKNOWN_FIELD_ERROR and "." not in e.where and op.get("unknown_field_error"):
                    code = op["unknown_field_error"]  # an action the batch API does not know (seed IEC.010210)
                # The seed's message may not name the field (IEC.000010): the recording does.
                self._wire["refused"] = "%s %s" % (e.where, e.reason)
                raise api_error(code, "%s %s" % (e.where, e.reason))
        fn = HANDLERS.get(operation)
        if fn is None:
            raise ApiError(501, "IEC.000001", "operation %s is not implemented by the emulator" % operation)
        with emu.state.lock:
            emu.state.apply_due(identity.domain_id)
            ctx = Context(emu, operation, identity, path_params, typed_query, body)
            try:
                result = fn(ctx)
            finally:
                emu.state.save()
        if isinstance(result, Reply):
            if 200 <= result.status < 300:
                return result.status, self._shape(operation, result.body), result.headers
            return result.status, result.body, result.headers
        return op["success_status"], self._shape(operation, result), None

    def _shape(self, operation, body):
        """The answer at the wire: documented fields only (spec.shape_response). What the handler gave
        beyond that is internal state; the recording names it (dropped)."""
        dropped = set()
        out = shape_response(OPERATIONS[operation], body, dropped)
        if dropped:
            self._wire["dropped"] = sorted(dropped)
        return out

    def _iam(self, body_bytes, request_id, query):
        emu = self.server.emulator
        try:
            body = json.loads(body_bytes.decode("utf-8") or "null")
        except (ValueError, UnicodeDecodeError):
            raise auth.IamError(400, "IAM.0007", "The request body is invalid.")
        token, out = auth.password_token(emu.accounts, emu.clock, body, emu.token_ttl)
        emu.record("POST", "/v3/auth/tokens", query, 201, out["token"]["user"]["domain"]["id"], "iam_create_token", request_id)
        return self._send(201, out, request_id, {"X-Subject-Token": token})

    # -------------------------------------------------------------- test hooks
    def _hook(self, raw_path, body_bytes, request_id):
        emu = self.server.emulator
        name = raw_path[len("/_emulator/"):].strip("/")
        m = self.command
        try:
            data = json.loads(body_bytes.decode("utf-8")) if body_bytes.strip() else {}
            if not isinstance(data, dict):
                raise ValueError("the body must be a JSON object")
            if name == "reset" and m == "POST":
                emu.reset()
                return self._send(200, {"reset": True}, request_id)
            if name == "requests" and m == "GET":
                with emu._log_lock:
                    entries = list(emu.log)
                return self._send(200, {"requests": entries}, request_id)
            if name == "requests" and m == "DELETE":
                with emu._log_lock:
                    emu.log = []
                return self._send(204, None, request_id)
            if name == "faults" and m == "PUT":
                emu.set_faults(data)
                return self._send(200, {"faults": emu.faults}, request_id)
            if name == "faults" and m == "GET":
                return self._send(200, {"faults": emu.faults}, request_id)
            if name == "faults" and m == "DELETE":
                emu.set_faults({})
                return self._send(204, None, request_id)
            if name == "timing" and m == "GET":
                return self._send(200, emu.timing.state(), request_id)
            if name == "clock" and m == "GET":
                return self._send(200, emu.clock.state(), request_id)
            if name == "clock" and m == "PUT":
                if "frozen" in data:
                    emu.clock.freeze(bool(data["frozen"]))
                if "now" in data:
                    emu.clock.set(parse_time(data["now"]))
                if "advance" in data:
                    emu.clock.advance(float(data["advance"]))
                return self._send(200, emu.clock.state(), request_id)
        except (ValueError, TypeError) as e:
            return self._send(400, {"error_code": "EMULATOR.400", "error_msg": str(e)}, request_id)
        return self._send(404, {"error_code": "EMULATOR.404", "error_msg": "no such hook: %s %s" % (m, raw_path)}, request_id)


class EmulatorHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, address, emulator, tls_cert=None, tls_key=None, verbose=False):
        self.emulator = emulator
        self.verbose = verbose
        self.scheme = "http"
        super().__init__(address, Handler)
        if tls_cert:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(tls_cert, tls_key)
            self.socket = ctx.wrap_socket(self.socket, server_side=True)
            self.scheme = "https"

    def handle_error(self, request, client_address):
        # Clients that hang up (timeouts, dropped faults, TLS probes) are normal here.
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, ssl.SSLError, socket.timeout)):
            return
        super().handle_error(request, client_address)

    @property
    def url(self):
        host, port = self.server_address[:2]
        return "%s://%s:%d" % (self.scheme, host, port)
