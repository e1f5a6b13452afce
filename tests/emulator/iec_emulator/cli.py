"""iec-emulator command line."""
import argparse
import signal
import sys
import threading

from .accounts import DEMO, Accounts
from .server import Emulator, EmulatorHTTPServer
from .timing import Timing, parse_overrides


def build_parser():
    ap = argparse.ArgumentParser(prog="iec-emulator", description="Local Huawei Cloud IEC + IAM emulator.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    ap.add_argument("--accounts", help="YAML or JSON accounts file (default: the demo domain)")
    ap.add_argument("--state-file", help="persist state here (atomic writes)")
    ap.add_argument("--async-seconds", type=float, default=None,
                    help="every asynchronous operation takes exactly this long (0 = final at once); "
                         "default: the cloud's own durations, jittered (iec_emulator/timing.py)")
    ap.add_argument("--time-scale", type=float, default=1.0,
                    help="asynchronous state runs this many times faster than wall time (tokens and "
                         "signatures keep real time); e.g. 100 makes a 45 s instance creation take 0.45 s")
    ap.add_argument("--seed", type=int, default=None, help="seed of the delay jitter (deterministic delays)")
    ap.add_argument("--delay", action="append", default=[], metavar="OPERATION=SECONDS",
                    help="override one operation's duration in cloud seconds (repeatable), e.g. instance.create=30")
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    ap.add_argument("--sites", type=int, default=12, help="number of deterministic edge sites")
    ap.add_argument("--token-ttl", type=float, default=86400.0, help="token lifetime in seconds")
    ap.add_argument("--verbose", action="store_true", help="log every request on stderr")
    ap.add_argument("--record", metavar="FILE",
                    help="append every exchange (request body and answer, secrets masked) to FILE as JSON lines")
    return ap


def main(argv=None):
    a = build_parser().parse_args(argv)
    if bool(a.tls_cert) != bool(a.tls_key):
        print("iec-emulator: --tls-cert and --tls-key go together", file=sys.stderr)
        return 2
    if a.sites < 1 or (a.async_seconds is not None and a.async_seconds < 0) or a.token_ttl <= 0 or a.time_scale <= 0:
        print("iec-emulator: --sites must be >= 1, --async-seconds >= 0, --token-ttl > 0, --time-scale > 0",
              file=sys.stderr)
        return 2
    try:
        delays = parse_overrides(a.delay)
        Timing(a.async_seconds, a.time_scale, a.seed, delays)
    except ValueError as e:
        print("iec-emulator: %s" % e, file=sys.stderr)
        return 2
    accounts = Accounts.load(a.accounts)
    emu = Emulator(accounts, state_file=a.state_file, async_seconds=a.async_seconds, n_sites=a.sites,
                   token_ttl=a.token_ttl, time_scale=a.time_scale, seed=a.seed, delays=delays,
                   record_file=a.record)
    httpd = EmulatorHTTPServer((a.host, a.port), emu, a.tls_cert, a.tls_key, a.verbose)
    print("iec-emulator listening on %s" % httpd.url, flush=True)
    if not a.accounts:
        print("demo domain: name=%(domain_name)s id=%(domain_id)s user=%(user)s password=%(password)s "
              "ak=%(ak)s sk=%(sk)s" % DEMO, flush=True)

    def stop(signum, frame):
        threading.Thread(target=httpd.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        httpd.serve_forever(poll_interval=0.2)
    finally:
        with emu.state.lock:
            emu.state.save()
        httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
