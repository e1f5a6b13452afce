"""IecResource.wait_all (with the engine's waiter): several resources awaited together, in rounds, with failures handed back."""
import pytest

from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecApiError
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecResource, Wait
from iec_fakes import Failed, FakeClock, FakeModule


class Servers(IecResource):
    key = "server"
    path = "/v1/cloudservers"
    response_key = "server"
    returns = ("id", "name", "status")
    waiter = Wait(ready=("ACTIVE",), failed=("ERROR",), gone=("DELETED",), absent=True)


class Client:
    """Each server walks through a script of statuses, one step per GET; None = 404."""

    def __init__(self, scripts):
        self.scripts = dict((k, list(v)) for k, v in scripts.items())
        self.gets = []

    def get(self, path, query=None):
        ident = path.rsplit("/", 1)[-1]
        self.gets.append(ident)
        script = self.scripts[ident]
        status = script.pop(0) if len(script) > 1 else script[0]
        if status is None:
            raise IecApiError(status=404, error_code="IEC.010200", method="GET", path=path)
        return {"server": {"id": ident, "name": "vm-" + ident, "status": status}}


def engine(client, timeout=600):
    e = Servers(FakeModule({"wait": True, "wait_timeout": timeout}), client=client)
    clock = FakeClock()
    e._clock, e._sleep = clock.now, clock.sleep
    return e, clock


def test_twenty_resources_are_awaited_in_rounds_not_one_after_another():
    scripts = dict(("s%d" % i, ["BUILD", "BUILD", "ACTIVE"]) for i in range(20))
    e, clock = engine(Client(scripts))
    done, failed = e.wait_all(sorted(scripts), e.waiter)
    assert sorted(done) == sorted(scripts) and failed == {}
    # Three rounds of reads and two sleeps, whatever the number of resources.
    assert len(clock.sleeps) == 2
    assert len(e.client.gets) == 60


def test_failures_and_disappearances_are_handed_back_with_the_others_done():
    e, clock = engine(Client({"a": ["BUILD", "ACTIVE"], "b": ["BUILD", "ERROR"], "c": [None]}))
    done, failed = e.wait_all(["a", "b", "c"], e.waiter)
    assert list(done) == ["a"]
    assert failed == {"b": {"id": "b", "name": "vm-b", "status": "ERROR"}, "c": None}


def test_absent_waits_until_each_is_gone_or_deleted():
    e, clock = engine(Client({"a": ["ACTIVE", None], "b": ["ACTIVE", "ACTIVE", "DELETED"]}))
    done, failed = e.wait_all(["a", "b"], e.waiter, absent=True)
    assert done == {"a": None, "b": None} and failed == {}
    assert len(clock.sleeps) == 2


def test_timeout_names_what_is_pending_and_returns_every_reading():
    e, clock = engine(Client({"a": ["ACTIVE"], "b": ["BUILD"]}), timeout=10)
    with pytest.raises(Failed) as info:
        e.wait_all(["a", "b"], e.waiter)
    result = info.value.result
    assert result["msg"].startswith("Timed out after 10 seconds waiting for 1 server(s) to become ACTIVE: "
                                    "server 'vm-b' (BUILD).")
    assert [s["id"] for s in result["servers"]] == ["a", "b"]
    assert clock.t == 10
