"""Request handlers: one module per resource family, thin @handler("<operation>") functions that read
ctx.path / ctx.query / ctx.body, call the family's model (iec_emulator.models.<family>) and build the
reply body (envelopes, pagination). Every module in this package is imported at start-up, so adding a
family's operations is adding a file here (and its model in iec_emulator.models)."""
import importlib
import pkgutil


def load_all():
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        importlib.import_module("%s.%s" % (__name__, info.name))
