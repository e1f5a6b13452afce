"""Domain models of the emulator's resource families: one module per family, its records and rules.

A model module owns its family's records in the DomainStore (creating, finding, updating, deleting
them), its state transitions and their scheduling (store.schedule, @on_transition hooks), the
invariants and the IEC error codes they raise, and the public view of a record. Its public names
(no leading underscore), listed in the module's docstring, are the only ones another family may use.

Model functions take explicit values, never a request: `store` (a DomainStore) and, where a rule
needs the service around it, `ctx` - used only for ctx.store, ctx.state, ctx.catalog, ctx.quota(),
ctx.delay(), ctx.should_fail(), ctx.now(), ctx.domain_id and (key pairs' owner) ctx.user_id /
ctx.server.accounts, never for ctx.body, ctx.query or ctx.path (tests/emulator/tests/test_layout.py holds both rules). Request handlers live in
iec_emulator.handlers.
"""
import importlib
import pkgutil


def load_all():
    """Import every model, so its quota usages, indexes and transition hooks are registered."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        importlib.import_module("%s.%s" % (__name__, info.name))
