"""Handler registration and the context a handler receives.

    from ..registry import handler

    @handler("create_vpc")
    def create_vpc(ctx):
        ...
        return {"vpc": public(record)}          # status: the spec's success status

A handler returns the JSON body (dict, list or None), or Reply(status, body, headers) to choose the
status or add headers. It raises ApiError (errors.api_error("IEC.xxxxxx", ...)) to answer an error;
the server then discards nothing itself, so a handler must check everything before it mutates state.
"""
from .errors import api_error
from .spec import OPERATIONS
from .store import public

HANDLERS = {}

FAIL_MARKER = "fail-me"


def handler(operation):
    if operation not in OPERATIONS:
        raise KeyError("operation %s is not in the API spec" % operation)

    def deco(fn):
        if operation in HANDLERS:
            raise KeyError("operation %s has two handlers" % operation)
        HANDLERS[operation] = fn
        return fn
    return deco


class Reply:
    def __init__(self, status, body=None, headers=None):
        self.status = status
        self.body = body
        self.headers = headers or {}


class Context:
    """Everything a handler may use.

    ctx.operation      operation name;  ctx.op: its spec entry
    ctx.domain_id      caller's domain; ctx.user_id (token auth) or None (AK/SK)
    ctx.path           path parameters (decoded), ctx.query (typed, validated), ctx.body (parsed JSON or None)
    ctx.store          the caller's DomainStore (see store.py)
    ctx.state          the whole State (global counters); ctx.catalog, ctx.quotas, ctx.clock
    ctx.delay(op)      seconds on the emulator clock until asynchronous operation `op` completes
                       ("instance.create", "subnet.delete", ...: timing.PROFILE), jittered, time-scaled
    ctx.err_sites      site ids the fault settings mark as failing (for err_sites answers)
    """

    def __init__(self, server, operation, identity, path, query, body):
        self.server = server
        self.operation = operation
        self.op = OPERATIONS[operation]
        self.domain_id = identity.domain_id
        self.user_id = identity.user_id
        self.path = path
        self.query = query
        self.body = body
        self.state = server.state
        self.store = server.state.domain(identity.domain_id)
        self.catalog = server.catalog
        self.quotas = server.quotas
        self.clock = server.clock
        self.timing = server.timing
        self.err_sites = list(server.faults.get("err_sites") or [])

    def now(self):
        return self.clock.now()

    def delay(self, operation):
        """Seconds until the asynchronous operation completes (timing.PROFILE names them)."""
        return self.timing.delay(operation)

    def error(self, code, *args):
        raise api_error(code, *args)

    def should_fail(self, *values):
        """True when any given text contains the failure marker 'fail-me' (names, descriptions):
        the asynchronous creation then ends in its documented failure state."""
        return any(isinstance(v, str) and FAIL_MARKER in v for v in values)

    def quota(self, qtype, delta=1, code="IEC.010910"):
        self.quotas.check(self.store, qtype, delta, code)

    @staticmethod
    def public(record):
        return public(record)
