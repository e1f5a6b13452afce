# -*- coding: utf-8 -*-
# Copyright: Contributors to the huaweicloud.iec collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""SDK-HMAC-SHA256 request signing, as the official Huawei Cloud Python SDK does it.

Everything here is a pure function of its arguments (apart from reading the clock when no
date is given), so the shared SDK vectors can be reproduced byte for byte.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import hashlib
import hmac

from urllib.parse import quote, unquote, urlsplit

ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()

_HEADER_DATE = "X-Sdk-Date"
_HEADER_CONTENT_SHA256 = "X-Sdk-Content-Sha256"
_UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"


def _encode(text):
    # quote() always leaves A-Z a-z 0-9 - _ . ~ literal; with safe="" nothing else is,
    # which is exactly the RFC 3986 unreserved set the SDK keeps.
    return quote(text, safe="")


def _stringify(value):
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def canonical_query(pairs):
    """Return the canonical query string for an iterable of (key, value) pairs.

    Values are stringified first (booleans as ``true``/``false``) and ``None`` values are
    dropped; pairs are then sorted by their raw (unencoded) key and value. Sorting after
    stringifying avoids the SDK's numeric ordering of repeated integer values, which a server
    comparing strings would not reproduce. The client sends exactly this string on the wire.
    """
    prepared = []
    for key, value in pairs:
        if value is None:
            continue
        prepared.append((_stringify(key), _stringify(value)))
    prepared.sort()
    return "&".join("%s=%s" % (_encode(key), _encode(value)) for key, value in prepared)


def _query_pairs(raw_query):
    # Splitting the raw string (rather than parse_qsl) keeps "+" literal and empty values,
    # as the server-side recipe does.
    pairs = []
    for part in raw_query.split("&"):
        if not part:
            continue
        key, _sep, value = part.partition("=")
        pairs.append((unquote(key), unquote(value)))
    return pairs


def canonical_uri(path):
    """Canonical URI of a wire path: decoded, each segment re-encoded, with a trailing slash."""
    if not path:
        return "/"
    segments = unquote(path).split("/")
    uri = "/".join(_encode(segment) for segment in segments)
    if not uri.endswith("/"):
        uri += "/"
    return uri


def _find(headers, name):
    lower = name.lower()
    for key in headers:
        if key.lower() == lower:
            return key
    return None


def _now():
    return datetime.datetime.now(datetime.timezone.utc).strftime(DATE_FORMAT)


def _body_bytes(body):
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    return body.encode("utf-8")


def _prepared_headers(headers, host, date):
    """The headers to sign: those given, with the unsigned-payload marker for a body that is not JSON or BSON,
    X-Sdk-Date (date, else now; a malformed one is refused) and Host when missing. Answers (headers, date)."""
    prepared = dict(headers or {})
    content_type = prepared.get("Content-Type")
    if (content_type is not None and _find(prepared, _HEADER_CONTENT_SHA256) is None
            and not content_type.startswith(("application/json", "application/bson"))):
        prepared[_HEADER_CONTENT_SHA256] = _UNSIGNED_PAYLOAD

    date_key = _find(prepared, _HEADER_DATE)
    if date_key is None:
        prepared[_HEADER_DATE] = date if date is not None else _now()
        date_key = _HEADER_DATE
    sdk_date = prepared[date_key].strip()
    # The SDK refuses a malformed date rather than sign something the gateway rejects later.
    datetime.datetime.strptime(sdk_date, DATE_FORMAT)

    if _find(prepared, "Host") is None:
        prepared["Host"] = host
    return prepared, sdk_date


def _payload_hash(body, headers):
    """The hex SHA-256 of the body, the empty body's, or the X-Sdk-Content-Sha256 header's value."""
    payload = _body_bytes(body)
    override = _find(headers, _HEADER_CONTENT_SHA256)
    if not payload:
        return EMPTY_SHA256
    if override is not None:
        return headers[override]
    return hashlib.sha256(payload).hexdigest()


def signing_details(method, url, headers, body, ak, sk, date=None):
    """Sign a request and return every intermediate value.

    Returns a dict with ``canonical_request``, ``string_to_sign``, ``signature``,
    ``signed_headers``, ``canonical_query`` and ``headers`` (what :func:`sign` returns).
    """
    parts = urlsplit(url)
    prepared, sdk_date = _prepared_headers(headers, parts.netloc, date)
    trimmed = dict((name, value.strip()) for name, value in prepared.items())

    signed = sorted(name.lower() for name in trimmed if "_" not in name)
    lowered = dict((name.lower(), value) for name, value in trimmed.items())
    canonical_headers = "".join("%s:%s\n" % (name, lowered[name]) for name in signed)
    signed_headers = ";".join(signed)

    query = canonical_query(_query_pairs(parts.query))
    canonical_request = "\n".join([
        method.upper(),
        canonical_uri(parts.path),
        query,
        canonical_headers,
        signed_headers,
        _payload_hash(body, trimmed),
    ])
    string_to_sign = "\n".join([
        ALGORITHM,
        sdk_date,
        hashlib.sha256(canonical_request.encode("utf-8")).hexdigest(),
    ])
    signature = hmac.new(sk.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    trimmed["Authorization"] = "%s Access=%s, SignedHeaders=%s, Signature=%s" % (
        ALGORITHM, ak, signed_headers, signature)
    return {
        "canonical_query": query,
        "canonical_request": canonical_request,
        "string_to_sign": string_to_sign,
        "signed_headers": signed_headers,
        "signature": signature,
        "headers": trimmed,
    }


def sign(method, url, headers, body, ak, sk, date=None):
    """Return every header to send with a request signed by AK/SK.

    ``url`` is the full URL including its query string, ``body`` bytes, text or ``None``,
    ``date`` a ``YYYYMMDDTHHMMSSZ`` string (``None`` means now; an ``X-Sdk-Date`` header
    already present in ``headers`` wins). The result holds the given headers with trimmed
    values plus ``Host``, ``X-Sdk-Date``, ``Authorization`` and, for a non-JSON
    ``Content-Type``, ``X-Sdk-Content-Sha256``.
    """
    return signing_details(method, url, headers, body, ak, sk, date)["headers"]
