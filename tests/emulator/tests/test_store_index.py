"""The store's declared indexes (store.index_on) answer as a scan would: after inserts, deletes, a reset
and a restart from a state file; and a subnet's free address count matches its hosts() walk."""
import ipaddress
import os
import tempfile

import pytest

from iec_emulator.clock import Clock
from iec_emulator.models.instances import FreeAddresses
from iec_emulator.store import State, index_on, public

index_on("test_things", "owner", lambda r: (r.get("owner"),))
index_on("test_things", "tags", lambda r: r.get("tags") or [])


def scan(store, field, value):
    return [r for r in store.all("test_things") if value in ((r.get(field),) if field == "owner" else r.get(field) or [])]


def test_index_follows_inserts_and_deletes():
    state = State(Clock())
    store = state.domain("d1")
    for n in range(30):
        store.insert("test_things", {"owner": "o%d" % (n % 3), "tags": ["t%d" % (n % 4), "all"]})
    # Built on first use from what is there, then kept up to date by insert() and delete().
    assert store.indexed("test_things", "owner", "o1") == scan(store, "owner", "o1")
    late = store.insert("test_things", {"owner": "o1", "tags": ["late"]})
    assert store.indexed("test_things", "owner", "o1")[-1] is late
    assert store.indexed("test_things", "tags", "late") == [late]
    for rec in store.indexed("test_things", "owner", "o2"):
        store.delete("test_things", rec["id"])
    assert store.indexed("test_things", "owner", "o2") == []
    assert store.indexed("test_things", "tags", "all") == scan(store, "tags", "all")
    assert store.indexed("test_things", "owner", "nobody") == []
    # Another domain's records are invisible.
    other = state.domain("d2")
    other.insert("test_things", {"owner": "o1"})
    assert len(other.indexed("test_things", "owner", "o1")) == 1
    assert all(r in store.all("test_things") for r in store.indexed("test_things", "owner", "o1"))


def test_index_drops_a_record_whose_key_changed():
    store = State(Clock()).domain("d1")
    rec = store.insert("test_things", {"owner": "a"})
    assert store.indexed("test_things", "owner", "a") == [rec]
    rec["owner"] = "b"
    assert store.indexed("test_things", "owner", "a") == []


def test_index_after_reset_and_restart():
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "state.json")
    state = State(Clock(), path)
    store = state.domain("d1")
    kept = store.insert("test_things", {"owner": "x"})
    assert store.indexed("test_things", "owner", "x") == [kept]
    state.save()
    again = State(Clock(), path).domain("d1")
    assert [public(r) for r in again.indexed("test_things", "owner", "x")] == [public(kept)]
    state.reset()
    assert store.indexed("test_things", "owner", "x") == []
    store.insert("test_things", {"owner": "x"})
    assert len(store.indexed("test_things", "owner", "x")) == 1


@pytest.mark.parametrize("cidr", ["10.0.0.0/24", "10.0.0.0/30", "10.0.0.0/31", "10.0.0.0/32", "10.1.0.0/20",
                                  "2001:db8::/120", "2001:db8::/127", "2001:db8::/128"])
def test_free_addresses_counted_like_the_hosts_walk(cidr):
    block = ipaddress.ip_network(cidr)
    hosts = [str(h) for h in block.hosts()]
    taken = set(hosts[::3]) | {str(block.network_address), str(block.broadcast_address), "192.0.2.1", None}
    ips = FreeAddresses(None)
    ips.taken["s"] = taken
    ips.iters["s"] = block.hosts()
    assert ips.free({"id": "s", "cidr": cidr}) == sum(1 for h in hosts if h not in taken)
