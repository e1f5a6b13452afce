#!/usr/bin/env python
"""Load benchmark for iec-emulator (not a test): requests per second and p50/p99 latency of a mixed
read/write load from a few threads, once with AK/SK signing (server verifies every signature) and
once with token auth (no signature verification). Then bulk creation: for each size of --seed, a fresh
emulator is seeded through signed POST /v1/cloudservers requests (count 50 per coverage site, as
tests/benchmarks/inventory_listing.py seeds), and the time per instance is compared with the smallest
size's (1.00 = linear).

    python tests/benchmarks/emulator_load.py [--threads 4] [--seconds 10] [--url URL] [--seed 1000,2000,10000]

Without --url it starts its own emulator (`python -m iec_emulator --port 0`). Signing here is an
independent implementation of ../shared/signing/ALGORITHM.md, so the benchmark needs no SDK.
Goals of issue 14: >= 500 req/s and p99 <= 50 ms signed; 10,000 instances in <= 30 s, time per
instance flat from 1,000 to 10,000. Figures are printed, never compared with a threshold.
"""
import argparse
import datetime
import hashlib
import hmac
import json
import os
import statistics
import sys
import threading
import time
from urllib.parse import quote, urlsplit

import requests

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "emulator"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from iec_emulator.accounts import DEMO  # noqa: E402


def _enc(s):
    return quote(s, safe="-_.~")


def sign(method, url, body, ak, sk, domain_id):
    parts = urlsplit(url)
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    headers = {"Content-Type": "application/json", "Host": parts.netloc, "X-Domain-Id": domain_id, "X-Sdk-Date": date}
    pairs = sorted(tuple(p.split("=", 1)) for p in parts.query.split("&") if p) if parts.query else []
    cq = "&".join("%s=%s" % (_enc(k), _enc(v)) for k, v in pairs)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    names = sorted(h.lower() for h in headers)
    ch = "".join("%s:%s\n" % (n, next(v for k, v in headers.items() if k.lower() == n).strip()) for n in names)
    ph = hashlib.sha256(body or b"").hexdigest()
    creq = "\n".join([method, path, cq, ch, ";".join(names), ph])
    sts = "SDK-HMAC-SHA256\n%s\n%s" % (date, hashlib.sha256(creq.encode()).hexdigest())
    sig = hmac.new(sk.encode(), sts.encode(), hashlib.sha256).hexdigest()
    headers["Authorization"] = "SDK-HMAC-SHA256 Access=%s, SignedHeaders=%s, Signature=%s" % (ak, ";".join(names), sig)
    return headers


def token_for(url):
    r = requests.post(url + "/v3/auth/tokens", json={"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": DEMO["user"], "password": DEMO["password"], "domain": {"name": DEMO["domain_name"]}}}},
        "scope": {"domain": {"name": DEMO["domain_name"]}}}}, timeout=10)
    r.raise_for_status()
    return r.headers["X-Subject-Token"]


def worker(url, mode, token, seconds, lat, tid, errors):
    s = requests.Session()
    end = time.monotonic() + seconds
    i = 0
    while time.monotonic() < end:
        i += 1
        # Mix: 70% reads (list/show), 30% writes (create + delete of a security group).
        if i % 10 < 7:
            method, path, body = "GET", "/v1/security-groups?limit=50&offset=0" if i % 2 else "/v1/sites?limit=20", None
        elif i % 10 < 9:
            method, path, body = "POST", "/v1/security-groups", json.dumps(
                {"security_group": {"name": "bench-%d-%d" % (tid, i)}}).encode()
        else:
            method, path, body = "GET", "/v1/vpcs", None
        full = url + path
        headers = sign(method, full, body, DEMO["ak"], DEMO["sk"], DEMO["domain_id"]) if mode == "aksk" else \
            {"X-Auth-Token": token, "Content-Type": "application/json"}
        t0 = time.perf_counter()
        r = s.request(method, full, data=body, headers=headers, timeout=30)
        lat.append(time.perf_counter() - t0)
        if r.status_code >= 400:
            errors.append(r.status_code)
        elif method == "POST":
            sid = r.json()["security_group"]["id"]
            dpath = "/v1/security-groups/" + sid
            h = sign("DELETE", url + dpath, None, DEMO["ak"], DEMO["sk"], DEMO["domain_id"]) if mode == "aksk" else headers
            t0 = time.perf_counter()
            d = s.delete(url + dpath, headers=h, timeout=30)
            lat.append(time.perf_counter() - t0)
            if d.status_code >= 400:
                errors.append(d.status_code)


def run(url, mode, threads, seconds):
    token = token_for(url) if mode == "token" else None
    lat, errors = [], []
    ts = [threading.Thread(target=worker, args=(url, mode, token, seconds, lat, n, errors)) for n in range(threads)]
    t0 = time.monotonic()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    wall = time.monotonic() - t0
    q = statistics.quantiles(lat, n=100)
    return {"mode": mode, "requests": len(lat), "rps": len(lat) / wall, "p50_ms": q[49] * 1000, "p99_ms": q[98] * 1000,
            "errors": len(errors)}


def seeding(sizes, sites):
    """[(instances, seconds in the creation requests, create requests)] each on a fresh emulator."""
    import shutil  # pylint: disable=import-outside-toplevel
    import tempfile  # pylint: disable=import-outside-toplevel
    import benchlib  # pylint: disable=import-outside-toplevel
    import inventory_listing  # pylint: disable=import-outside-toplevel

    def signer(method, url, body):
        return sign(method, url, body, DEMO["ak"], DEMO["sk"], DEMO["domain_id"])

    out = []
    for size in sizes:
        work = tempfile.mkdtemp(prefix="iec-seed-bench-")
        proc, url = benchlib.start_emulator("--async-seconds", "0", "--sites", sites,
                                            "--accounts", benchlib.accounts_file(work, size, sites))
        try:
            dummy, requests_sent, seconds = inventory_listing.seed_instances(url, signer, size)
        finally:
            benchlib.stop_emulator(proc)
            shutil.rmtree(work, ignore_errors=True)
        out.append((size, seconds, requests_sent))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url")
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--seed", default="1000,2000,10000",
                    help="instance counts seeded through POST /v1/cloudservers, comma separated ('' skips)")
    ap.add_argument("--sites", type=int, default=200, help="sites of the seeded emulators")
    a = ap.parse_args()
    proc = None
    url = a.url
    if not url:
        import benchlib  # pylint: disable=import-outside-toplevel
        proc, url = benchlib.start_emulator("--async-seconds", "0")
    try:
        rows = [run(url, m, a.threads, a.seconds) for m in ("aksk", "token")]
    finally:
        if proc:
            benchlib.stop_emulator(proc)
    print("%-6s %9s %9s %9s %9s %7s" % ("auth", "requests", "req/s", "p50 ms", "p99 ms", "errors"))
    for r in rows:
        print("%-6s %9d %9.0f %9.2f %9.2f %7d" % (r["mode"], r["requests"], r["rps"], r["p50_ms"], r["p99_ms"], r["errors"]))
    print("(%d threads, %.0f s each, mixed 70%% reads / 30%% writes, %s, %d CPUs)" % (
        a.threads, a.seconds, url, os.cpu_count() or 0))
    sizes = [int(n) for n in a.seed.split(",") if n.strip()]
    if sizes:
        rows = seeding(sizes, a.sites)
        base = rows[0][1] / rows[0][0]
        print("bulk creation, signed POST /v1/cloudservers at %d sites (count <= 50 per site, <= 8 sites per request):" % a.sites)
        print("%10s %9s %10s %12s %18s" % ("instances", "requests", "seconds", "ms/instance", "vs %d (1 = flat)" % rows[0][0]))
        for size, seconds, sent in rows:
            print("%10d %9d %10.2f %12.3f %18.2f" % (size, sent, seconds, seconds * 1000 / size, seconds / size / base))


if __name__ == "__main__":
    main()
