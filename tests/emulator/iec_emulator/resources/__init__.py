"""Resource families. Every module in this package is imported at start-up; each registers its
handlers with @handler("<operation>"), so adding a family is adding a file."""
import importlib
import pkgutil


def load_all():
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        importlib.import_module("%s.%s" % (__name__, info.name))
