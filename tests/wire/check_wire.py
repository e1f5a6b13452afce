"""Check recorded IEC exchanges against the official SDK's request and response models.

The integration stage runs the emulator with --record FILE: one JSON line per exchange, with the
request (method, path, query, body) and the answer (status, body), secrets masked. This script reads
such a file and, for every IEC request, checks

  - the path: it routes to an operation the seed documents (an unrouted path is a difference);
  - the query: every key is an attribute of the operation's SDK request model, typed as the model types it;
  - the body: every field, at any depth, is in the SDK request body model, typed as the model types it;
  - the answer (2xx): every field, at any depth, is in the SDK response model, typed as the model types
    it; an error answer has exactly error_code and error_msg.

A difference is explained when tests/emulator/spec-sources/wire-exceptions.json lists the operation,
the direction (request or response) and the field; each entry there names its seed section. The script
prints the counts and fails when any difference is unexplained (or when the file holds no request).

    python tests/wire/check_wire.py build/logs/wire-record.jsonl [more records] [--report FILE] [--verbose]

See docs/dev/fidelity/wire.md.
"""
import argparse
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXCEPTIONS = os.path.join(ROOT, "tests", "emulator", "spec-sources", "wire-exceptions.json")
sys.path.insert(0, os.path.join(ROOT, "tests", "emulator"))

from iec_emulator.spec import OPERATIONS  # noqa: E402  (the emulator's routing table: path -> operation)

import huaweicloudsdkiec.v1 as sdk  # noqa: E402

# The SDK fills these path parameters from its credentials (GlobalCredentials domain_id), not from the model.
AUTH_PATH_PARAMS = {"domain_id", "project_id"}
_LIST = re.compile(r"^list\[(.+)\]$")
_DICT = re.compile(r"^dict\(str, (.+)\)$")
_SCALARS = {
    "str": lambda v: isinstance(v, str),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
    "object": lambda v: True,
}


class Checker:
    def __init__(self, exceptions):
        self.exceptions = {(e["operation"], e["direction"], e["field"]): e for e in exceptions}
        self.used = set()
        self.differences = []      # (operation, direction, field, what, explained)
        self.seen = set()          # (operation, direction, field, what): each difference is counted once
        self.requests = 0
        self.answers = 0
        self.errors = 0
        self.operations = Counter()
        self.dropped = defaultdict(set)

    # ------------------------------------------------------------------ differences
    def diff(self, op, direction, field, what):
        key = (op, direction, field, what)
        if key in self.seen:
            return
        self.seen.add(key)
        ex = self.exceptions.get((op, direction, field)) or self.exceptions.get((op, direction, "*"))
        if ex is not None:
            self.used.add((ex["operation"], ex["direction"], ex["field"]))
        self.differences.append((op, direction, field, what, ex is not None))

    # ------------------------------------------------------------------ models
    @staticmethod
    def model(name):
        cls = getattr(sdk, name, None)
        if cls is None or not hasattr(cls, "openapi_types"):
            raise KeyError("the SDK has no model %s" % name)
        return cls

    def value(self, op, direction, where, sdk_type, value):
        """Check one JSON value against an SDK type name (str, int, list[X], dict(str, X), a model)."""
        if value is None:
            return
        m = _LIST.match(sdk_type)
        if m:
            if not isinstance(value, list):
                return self.diff(op, direction, where, "is %s, the SDK has %s" % (type(value).__name__, sdk_type))
            for v in value:
                self.value(op, direction, where + "[]", m.group(1), v)
            return
        m = _DICT.match(sdk_type)
        if m:
            if not isinstance(value, dict):
                return self.diff(op, direction, where, "is %s, the SDK has %s" % (type(value).__name__, sdk_type))
            for v in value.values():
                self.value(op, direction, where + ".{}", m.group(1), v)
            return
        check = _SCALARS.get(sdk_type)
        if check is not None:
            if not check(value):
                self.diff(op, direction, where, "is %s %r, the SDK has %s" % (type(value).__name__, value, sdk_type))
            return
        cls = self.model(sdk_type)
        if not isinstance(value, dict) and list(cls.attribute_map.items()) != [("body", "body")]:
            return self.diff(op, direction, where, "is %s, the SDK has the object %s" % (type(value).__name__, sdk_type))
        self.obj(op, direction, where, cls, value)

    def obj(self, op, direction, where, cls, value):
        if list(cls.attribute_map.items()) == [("body", "body")] and direction == "response":
            # A response model whose only attribute is "body" describes an answer that is not an object
            # (ListKeypairsResponse: list[SimpleKeypair]).
            return self.value(op, direction, where, cls.openapi_types["body"], value)
        by_json = {j: a for a, j in cls.attribute_map.items()}
        for key, v in value.items():
            path = "%s.%s" % (where, key) if where else key
            attr = by_json.get(key)
            if attr is None:
                self.diff(op, direction, path, "is not in the SDK model %s" % cls.__name__)
                continue
            self.value(op, direction, path, cls.openapi_types[attr], v)

    # ------------------------------------------------------------------ one exchange
    def exchange(self, rec):
        op = rec.get("operation")
        if op == "iam_create_token" or rec.get("status") is None:
            return  # IAM, or a connection the fault settings dropped
        self.requests += 1
        if op is None:
            self.diff("(unrouted)", "request", "%s %s" % (rec["method"], rec["path"]), "routes to no documented operation")
            return
        self.operations[op] += 1
        spec = OPERATIONS[op]
        for path in rec.get("dropped") or ():
            self.dropped[op].add(path)
        if not spec["sdk_request"]:
            # No SDK method (seed 4.17.1, the legacy firewall rule API): an exception entry "*" covers it.
            self.diff(op, "request", "*", "the SDK has no such operation")
            return
        req = self.model(spec["sdk_request"])
        attrs = {j: a for a, j in req.attribute_map.items()}
        path_params = {s[1:-1] for s in spec["path"].split("/") if s.startswith("{")}
        for name in path_params - AUTH_PATH_PARAMS:
            if name not in attrs:
                self.diff(op, "request", "{%s}" % name, "path parameter is not in the SDK model %s" % req.__name__)
        for key, value in (rec.get("query") or {}).items():
            if key not in attrs or key == "body" or key in path_params:
                self.diff(op, "request", "?" + key, "query parameter is not in the SDK model %s" % req.__name__)
                continue
            t = req.openapi_types[attrs[key]]
            for v in value if isinstance(value, list) else [value]:
                if v == "***":
                    continue
                if (t == "int" and not re.fullmatch(r"-?[0-9]+", v)) or (t == "bool" and v not in ("true", "false")):
                    self.diff(op, "request", "?" + key, "is %r, the SDK has %s" % (v, t))
        if "body" in rec:
            if "body" not in attrs:
                self.diff(op, "request", "(body)", "the SDK model %s has no body" % req.__name__)
            else:
                self.value(op, "request", "", req.openapi_types[attrs["body"]], rec["body"])
        answer = rec.get("answer")
        status = rec["status"]
        if status >= 400:
            self.errors += 1
            if not isinstance(answer, dict) or set(answer) != {"error_code", "error_msg"}:
                self.diff(op, "response", "(error)", "an error answer is not {error_code, error_msg}")
            return
        if answer is None:
            return
        self.answers += 1
        self.value(op, "response", "", spec["sdk_response"], answer)


def load(path):
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if line:
                try:
                    out.append(json.loads(line))
                except ValueError as e:
                    raise SystemExit("%s:%d: not JSON (%s)" % (path, n, e))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("record", nargs="+", help="the emulator's --record file(s) (JSON lines)")
    ap.add_argument("--exceptions", default=EXCEPTIONS)
    ap.add_argument("--report", help="write the counts and every difference to this JSON file")
    ap.add_argument("--verbose", action="store_true", help="list the explained differences too")
    a = ap.parse_args(argv)
    with open(a.exceptions, encoding="utf-8") as fh:
        exceptions = json.load(fh)["exceptions"]
    c = Checker(exceptions)
    for path in a.record:
        for rec in load(path):
            c.exchange(rec)
    unexplained = [d for d in c.differences if not d[4]]
    explained = [d for d in c.differences if d[4]]
    sdk_ops = {n for n, o in OPERATIONS.items() if o["sdk"]}
    for d in unexplained + (explained if a.verbose else []):
        print("%s  %s %s: %s %s" % ("EXPLAINED  " if d[4] else "UNEXPLAINED", d[0], d[1], d[2] or "(root)", d[3]))
    print("wire: %d requests validated (%d answers with a body, %d error answers), %d operations exercised "
          "(%d of the SDK's %d)" % (c.requests, c.answers, c.errors, len(c.operations),
                                    len(set(c.operations) & sdk_ops), len(sdk_ops)))
    print("wire: %d differences from the SDK models: %d explained by %s, %d unexplained"
          % (len(c.differences), len(explained), os.path.relpath(a.exceptions, ROOT), len(unexplained)))
    print("wire: %d answer fields kept internal by the emulator (left out at the response boundary) in %d operations"
          % (sum(len(v) for v in c.dropped.values()), len(c.dropped)))
    if a.report:
        with open(a.report, "w", encoding="utf-8") as fh:
            json.dump({
                "requests": c.requests, "answers": c.answers, "error_answers": c.errors,
                "operations": dict(sorted(c.operations.items())),
                "differences": [dict(zip(("operation", "direction", "field", "what", "explained"), d)) for d in c.differences],
                "unused_exceptions": sorted("%s %s %s" % k for k in set(c.exceptions) - c.used),
                "dropped": {k: sorted(v) for k, v in sorted(c.dropped.items())},
            }, fh, indent=1, sort_keys=True)
    if c.requests == 0:
        print("wire: the record holds no IEC request", file=sys.stderr)
        return 1
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
