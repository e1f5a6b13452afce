"""Authentication as the real service does it: IAM tokens (X-Auth-Token) or AK/SK signatures
(SDK-HMAC-SHA256, verified as ../shared/signing/ALGORITHM.md section 8 describes)."""
import base64
import calendar
import hashlib
import hmac
import json
import os
import re
from urllib.parse import quote, unquote

from .clock import iso_ms, parse_time
from .errors import ApiError, api_error

EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
AUTH_RE = re.compile(r"^(SDK-HMAC-SHA256|SDK-HMAC-SM3) Access=([^,\s]+), SignedHeaders=([^,\s]+), Signature=([0-9a-f]+)$")
WINDOW_SECONDS = 15 * 60
TOKEN_PREFIX = "MIIemu"
SDK_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$")


def sdk_date(value):
    """Epoch seconds of an X-Sdk-Date (YYYYMMDDTHHMMSSZ) without time.strptime, which costs more than
    the rest of the check; anything else goes to clock.parse_time, which decides as before."""
    m = SDK_DATE_RE.match(value)
    if m:
        year, month, day, hour, minute, second = (int(g) for g in m.groups())
        if year >= 1 and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1] and hour < 24 and minute < 60 \
                and second < 60:
            return float(calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0)))
    return parse_time(value)


class Identity:
    def __init__(self, domain_id, user_id=None, via="aksk"):
        self.domain_id = domain_id
        self.user_id = user_id
        self.via = via


def sig_error(reason):
    return ApiError(401, "APIGW.0301", "Incorrect IAM authentication information: %s" % reason)


# ---------------------------------------------------------------- canonical request (ALGORITHM.md 3)

def _enc(s):
    return quote(s, safe="-_.~")


def canonical_uri(raw_path):
    segs = unquote(raw_path).split("/")
    uri = "/".join(_enc(s) for s in segs)
    return uri if uri.endswith("/") else uri + "/"


def canonical_query(raw_query):
    if not raw_query:
        return ""
    pairs = []
    for part in raw_query.split("&"):
        if part == "":
            continue
        k, v = part.partition("=")[::2]
        pairs.append((unquote(k), unquote(v)))
    pairs.sort()
    return "&".join("%s=%s" % (_enc(k), _enc(v)) for k, v in pairs)


def payload_hash(body, headers):
    if not body:
        return EMPTY_SHA256
    for k, v in headers.items():
        if k.lower() == "x-sdk-content-sha256":
            return v
    return hashlib.sha256(body).hexdigest()


def string_to_sign(method, raw_path, raw_query, headers, signed, body):
    """headers: lower-case name -> value (already decoded as UTF-8 text)."""
    lines = []
    for name in signed:
        if name not in headers:
            raise sig_error("signed header %s is missing" % name)
        lines.append("%s:%s\n" % (name, headers[name].strip()))
    creq = "\n".join([method.upper(), canonical_uri(raw_path), canonical_query(raw_query), "".join(lines),
                      ";".join(signed), payload_hash(body, headers)])
    date = headers.get("x-sdk-date", "")
    return "SDK-HMAC-SHA256\n%s\n%s" % (date, hashlib.sha256(creq.encode("utf-8")).hexdigest())


def verify_signature(accounts, clock, method, raw_path, raw_query, headers, body):
    """Return the caller's Identity or raise APIGW.0301. headers: lower-case name -> text value."""
    m = AUTH_RE.match(headers.get("authorization", "").strip())
    if not m:
        raise sig_error("malformed Authorization header")
    alg, ak, signed_s, sig = m.groups()
    if alg != "SDK-HMAC-SHA256":
        raise sig_error("unsupported signing algorithm %s" % alg)
    key = accounts.keys.get(ak)
    if key is None:
        raise sig_error("access key %s does not exist" % ak)
    date = headers.get("x-sdk-date")
    if not date:
        raise sig_error("X-Sdk-Date is missing")
    try:
        when = sdk_date(date)
    except ValueError:
        raise sig_error("X-Sdk-Date is malformed")
    if abs(clock.now() - when) > WINDOW_SECONDS:
        raise sig_error("X-Sdk-Date is more than 15 minutes from the server time")
    signed = signed_s.split(";")
    if "x-sdk-date" not in signed:
        raise sig_error("X-Sdk-Date is not signed")
    sts = string_to_sign(method, raw_path, raw_query, headers, signed, body)
    expected = hmac.new(key["sk"].encode("utf-8"), sts.encode("utf-8"), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, sig):
        raise sig_error("verify aksk signature fail")
    token = headers.get("x-security-token")
    if key.get("security_token") is not None:
        # A temporary key pair is only valid together with its security token.
        if token != key["security_token"]:
            raise sig_error("security token is missing or does not match the access key")
    elif token is not None:
        raise sig_error("security token given for a permanent access key")
    dom = headers.get("x-domain-id")
    if dom is not None and dom.strip() != key["domain_id"]:
        raise sig_error("X-Domain-Id does not match the access key's domain")
    return Identity(key["domain_id"], None, "aksk")


# ---------------------------------------------------------------- tokens

def _b64(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def _unb64(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def issue_token(accounts, clock, domain_id, user_id, ttl, scoped=True):
    now = clock.now()
    payload = {"d": domain_id if scoped else None, "u": user_id, "i": now, "e": now + ttl,
               "n": _b64(os.urandom(6))}
    raw = _b64(json.dumps(payload, separators=(",", ":")).encode())
    mac = hmac.new(accounts.token_secret, raw.encode(), hashlib.sha256).hexdigest()
    return TOKEN_PREFIX + raw + "." + mac, payload


def verify_token(accounts, clock, token):
    if not token.startswith(TOKEN_PREFIX) or "." not in token:
        raise api_error("IEC.000003")
    raw, mac = token[len(TOKEN_PREFIX):].rpartition(".")[::2]
    good = hmac.new(accounts.token_secret, raw.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(good, mac):
        raise api_error("IEC.000003")
    try:
        payload = json.loads(_unb64(raw))
    except ValueError:
        raise api_error("IEC.000003")
    if clock.now() >= payload["e"]:
        raise api_error("IEC.000004")
    if not payload.get("d"):
        raise api_error("IEC.000009")
    if payload["d"] not in accounts.domains:
        raise api_error("IEC.000003")
    return Identity(payload["d"], payload["u"], "token")


class IamError(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def body(self):
        # Keystone-style body as IAM answers, plus the error_code/error_msg pair Huawei SDKs read.
        title = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden"}.get(self.status, "Error")
        return {"error": {"code": self.status, "message": self.message, "title": title},
                "error_code": self.code, "error_msg": self.message}


def password_token(accounts, clock, body, ttl):
    """POST /v3/auth/tokens with password identity. Returns (token, response body)."""
    try:
        auth = body["auth"]
        ident = auth["identity"]
        if "password" not in ident.get("methods", []):
            raise IamError(400, "IAM.0007", "The request body is invalid: only the password method is supported.")
        user = ident["password"]["user"]
        uname, pwd, udom = user["name"], user["password"], user.get("domain") or {}
    except (KeyError, TypeError):
        raise IamError(400, "IAM.0007", "The request body is invalid.")
    dom = accounts.by_name.get(udom.get("name")) if udom.get("name") else accounts.domains.get(udom.get("id"))
    u = dom["users"].get(uname) if dom else None
    if u is None or not hmac.compare_digest(u["password"].encode(), str(pwd).encode()):
        raise IamError(401, "IAM.0004", "The username or password is wrong.")
    scope = auth.get("scope") or {}
    scoped = False
    if "domain" in scope:
        sd = scope["domain"] or {}
        if sd.get("name") not in (None, dom["name"]) or sd.get("id") not in (None, dom["id"]):
            raise IamError(401, "IAM.0005", "The token scope does not belong to the user's domain.")
        scoped = True
    token, payload = issue_token(accounts, clock, dom["id"], u["id"], ttl, scoped=scoped)
    tb = {
        "expires_at": iso_ms(payload["e"]),
        "issued_at": iso_ms(payload["i"]),
        "methods": ["password"],
        "user": {"name": u["name"], "id": u["id"], "domain": {"name": dom["name"], "id": dom["id"]},
                 "password_expires_at": ""},
        "catalog": [],
        "roles": [{"name": "te_admin", "id": "0"}],
    }
    if scoped:
        tb["domain"] = {"name": dom["name"], "id": dom["id"]}
    elif "project" in scope:
        p = scope["project"] or {}
        tb["project"] = {"name": p.get("name", ""), "id": p.get("id", ""), "domain": {"name": dom["name"], "id": dom["id"]}}
    return token, {"token": tb}
