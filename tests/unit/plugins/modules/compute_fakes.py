"""The old name of tests/unit/iec_fakes.py (the unit tests' shared fake module and fake API), kept so that
tests importing ``compute_fakes`` keep working; new tests import ``iec_fakes``."""
from iec_fakes import SITES, Exited, Failed, FakeClient, FakeClock, FakeModule, Params, api_error, run_module  # noqa: F401
