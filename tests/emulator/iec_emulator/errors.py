"""The seed's error answers: {"error_code": "IEC.xxxxxx", "error_msg": "..."} with the HTTP status of 7.2."""
from .spec import SPEC


class ApiError(Exception):
    def __init__(self, status, code, msg, headers=None):
        super().__init__("%s %s %s" % (status, code, msg))
        self.status = status
        self.code = code
        self.msg = msg
        self.headers = headers or {}

    def body(self):
        return {"error_code": self.code, "error_msg": self.msg}


def api_error(code, *args, status=None):
    """Build the error the seed assigns to `code`, filling its %s/%d placeholders with args.

    Unused placeholders are removed rather than left as '%s', because clients show error_msg verbatim.
    """
    entry = SPEC["errors"].get(code)
    if entry is None:
        raise KeyError("unknown error code %s (not in seed 7.2)" % code)
    msg = entry["message"]
    for a in args:
        for ph in ("%s", "%d"):
            if ph in msg:
                msg = msg.replace(ph, str(a), 1)
                break
    msg = msg.replace("(%s)", "").replace("%s", "").replace("%d", "").replace("  ", " ")
    return ApiError(status or entry["status"], code, msg)


def not_found(code, ident=None):
    return api_error(code, ident) if ident is not None else api_error(code)
