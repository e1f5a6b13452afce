"""module_utils.sets: batched requests protected against ambiguous failures, one shared wait, a report per member."""
import pytest

from ansible_collections.huaweicloud.iec.plugins.module_utils.client import DEFAULT_RETRIES, IecApiError
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecResource
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import resend_limit
from ansible_collections.huaweicloud.iec.plugins.module_utils.sets import Goal, Member, MemberSet
from iec_fakes import FakeClock


class Failed(Exception):
    def __init__(self, kwargs):
        super().__init__(kwargs.get("msg"))
        self.result = kwargs


class Module:
    def __init__(self, check_mode=False, **params):
        self.params = dict(dict(wait_timeout=600, api_retries=None), **params)
        self.check_mode = check_mode
        self.warnings = []

    def fail_json(self, **kwargs):
        raise Failed(kwargs)

    def warn(self, msg):
        self.warnings.append(msg)


class Server(IecResource):
    key = "server"
    path = "/v1/servers"
    response_key = "server"
    returns = ("id", "name", "status")


class Cloud:
    """Servers that go BUILD -> ACTIVE after `polls` reads (ERROR when the name holds fail-me). POST creates
    `count` servers <name>-0001...; the first answers of POST are lost (ambiguous), each after the creation was
    applied (True in `lose`) or before it (False)."""

    def __init__(self, lose=(), polls=1):
        self.servers = {}
        self.lose = list(lose)
        self.polls = polls
        self.calls = []

    def post(self, path, body=None):
        self.calls.append(("POST", path, body))
        if path.endswith("/action"):
            for ident in body["ids"]:
                self.servers[ident]["status"] = "SHUTOFF"
            return {}
        lost = self.lose.pop(0) if self.lose else None     # None: answered; True: applied, answer lost
        ids = []
        if lost is not False:
            for i in range(body["count"]):
                ident = "s%d" % (len(self.servers) + 1)
                self.servers[ident] = {"id": ident, "name": "%s-%04d" % (body["name"], i + 1), "status": "BUILD", "reads": 0}
                ids.append(ident)
        if lost is not None:
            raise IecApiError(method="POST", path=path, ambiguous=True, message="IEC did not answer POST %s" % path)
        return {"ids": ids}

    def get(self, path, query=None):
        self.calls.append(("GET", path, query))
        server = self.servers.get(path.rsplit("/", 1)[-1])
        if server is None:
            raise IecApiError(status=404, error_code="IEC.010200", method="GET", path=path)
        server["reads"] += 1
        if server["status"] == "BUILD" and server["reads"] > self.polls:
            server["status"] = "ERROR" if "fail-me" in server["name"] else "ACTIVE"
        return {"server": dict((k, v) for k, v in server.items() if k != "reads")}

    def listing(self):
        self.calls.append(("LIST", "/v1/servers", None))
        return list(self.servers.values())

    def mutating(self):
        return [c for c in self.calls if c[0] == "POST"]


def make(cloud, names, check_mode=False, **params):
    module = Module(check_mode, **params)
    engine = Server(module, client=cloud)
    group = MemberSet(engine, [Member(n) for n in names])
    clock = FakeClock()
    group._clock, group._sleep = clock.now, clock.sleep
    group.test_clock = clock
    return group, module


def create(group, cloud, base, count):
    """What a module does: one batch POST, adopting on an ambiguous failure what a fresh listing shows."""
    def lookup():
        found = dict((s["name"], s) for s in cloud.listing())
        for member in group.members:
            if member.name in found:
                group.adopt(member, found[member.name])
        return any(m.name in found for m in group.members)

    answer = group.send("create servers", "post", "/v1/servers", {"name": base, "count": count}, lookup=lookup)
    for member, ident in zip(group.members, (answer or {}).get("ids") or []):
        group.note_created(member, {"id": ident, "name": member.name, "status": "BUILD"})
    return answer


ACTIVE = Goal(ready=("ACTIVE",), failed=("ERROR",), reason="fault")


def test_an_ambiguous_batch_post_adopts_the_members_it_created_and_sends_no_twin():
    cloud = Cloud(lose=[True])
    group, module = make(cloud, ["w-0001", "w-0002"])
    assert create(group, cloud, "w", 2) is None
    assert len(cloud.mutating()) == 1 and len(cloud.servers) == 2
    assert [m.ident for m in group.members] == ["s1", "s2"] and all(m.created for m in group.members)
    assert group.changed() and len(module.warnings) == 2


def test_an_ambiguous_post_that_made_nothing_is_sent_again_after_a_look_up_within_api_retries():
    cloud = Cloud(lose=[False, False])
    group, module = make(cloud, ["w-0001"], api_retries=3)
    create(group, cloud, "w", 1)
    assert [c[0] for c in cloud.calls] == ["POST", "LIST", "POST", "LIST", "POST"]
    assert len(cloud.servers) == 1 and group.members[0].ident == "s1" and module.warnings == []


@pytest.mark.parametrize("retries, posts", [(None, DEFAULT_RETRIES + 1), (0, 2), (1, 2), (2, 3)])
def test_ambiguous_posts_give_up_after_api_retries_resends_and_report_no_change_when_nothing_exists(retries, posts):
    # api_retries, at least one re-send; the default is the client's.
    cloud = Cloud(lose=[False] * 10)
    group, _module = make(cloud, ["w-0001"], api_retries=retries)
    with pytest.raises(Failed) as info:
        create(group, cloud, "w", 1)
    assert len(cloud.mutating()) == posts == resend_limit({"api_retries": retries}) + 1
    # every re-send came after a look-up, and so did the failure
    assert [c[0] for c in cloud.calls] == ["POST", "LIST"] * posts
    result = info.value.result
    assert result["msg"].startswith("Could not create servers: IEC did not answer POST /v1/servers")
    assert result["changed"] is False and result["servers"] == [] and cloud.servers == {}


def test_a_refused_request_reports_no_change_and_iec_s_sentence():
    class Refusing(Cloud):
        def post(self, path, body=None):
            self.calls.append(("POST", path, body))
            raise IecApiError(status=400, error_code="IEC.010910", error_msg="quota exceeded", method="POST", path=path)
    cloud = Refusing()
    group, _module = make(cloud, ["w-0001"])
    with pytest.raises(Failed) as info:
        create(group, cloud, "w", 1)
    assert info.value.result["changed"] is False and "IEC.010910" in info.value.result["msg"]
    assert info.value.result["error"]["error_code"] == "IEC.010910"
    assert len(cloud.calls) == 1


def test_a_member_failing_after_the_post_reports_changed_and_the_state_of_every_member():
    cloud = Cloud()
    group, _module = make(cloud, ["fail-me-0001", "fail-me-0002"])
    create(group, cloud, "fail-me", 2)
    cloud.servers["s2"]["name"] = "ok-0002"    # one of the two settles
    with pytest.raises(Failed) as info:
        group.wait(group.members, ACTIVE)
    result = info.value.result
    assert result["changed"] is True
    assert result["msg"] == "1 of 2 servers failed: 'fail-me-0001' (s1) is ERROR: IEC gave no reason."
    assert [(s["id"], s["status"]) for s in result["servers"]] == [("s1", "ERROR"), ("s2", "ACTIVE")]
    assert result["server"]["id"] == "s1"


def test_an_ambiguous_power_request_has_no_look_up_and_is_reported_as_a_change():
    class Lost(Cloud):
        def post(self, path, body=None):
            self.calls.append(("POST", path, body))
            raise IecApiError(method="POST", path=path, ambiguous=True, message="IEC did not answer")
    cloud = Lost()
    group, _module = make(cloud, ["a"])
    group.members[0].now = {"id": "s1", "name": "a", "status": "ACTIVE"}
    with pytest.raises(Failed) as info:
        group.act(group.members, "stop server 'a'", "/v1/servers/action", {"ids": ["s1"]}, Goal(ready=("SHUTOFF",)))
    assert len(cloud.calls) == 1 and info.value.result["changed"] is True
    assert info.value.result["msg"].startswith("Could not stop server 'a': IEC did not answer")


def test_check_mode_plans_each_member_and_sends_no_mutating_request():
    cloud = Cloud()
    cloud.servers["s1"] = {"id": "s1", "name": "a", "status": "ACTIVE", "reads": 0}
    group, _module = make(cloud, ["a"], check_mode=True)
    group.members[0].now = group.members[0].before = {"id": "s1", "name": "a", "status": "ACTIVE"}
    group.act(group.members, "stop server 'a'", "/v1/servers/action", {"ids": ["s1"]},
              Goal(ready=("SHUTOFF",)), changes={"status": "SHUTOFF"})
    gone = [Member("b", {"id": "s9", "name": "b", "status": "ACTIVE"})]
    group.delete(gone, "delete server 'b'", "/v1/servers/delete", {"ids": ["s9"]}, Goal(absent=True))
    assert cloud.calls == []
    assert group.changed() and group.members[0].after["status"] == "SHUTOFF"
    assert group.members[0].now["status"] == "ACTIVE"      # reported as it is; the plan is the diff's
    assert group.removed == gone


def test_one_shared_wait_takes_as_many_rounds_as_the_slowest_member():
    cloud = Cloud(polls=3)
    group, _module = make(cloud, ["w-%04d" % i for i in range(1, 21)])
    create(group, cloud, "w", 20)
    group.wait(group.members, ACTIVE)
    single, _module = make(Cloud(polls=3), ["x-0001"])
    create(single, single.engine.client, "x", 1)
    single.wait(single.members, ACTIVE)
    assert len(group.test_clock.sleeps) == len(single.test_clock.sleeps) == 3
    assert all(m.now["status"] == "ACTIVE" for m in group.members)


def test_a_new_member_answering_404_is_not_visible_yet_until_the_grace_ends_then_gone():
    cloud = Cloud()
    group, _module = make(cloud, ["w-0001"])
    group.note_created(group.members[0], {"id": "ghost", "name": "w-0001", "status": "BUILD"})
    with pytest.raises(Failed) as info:
        group.wait(group.members, ACTIVE)
    assert info.value.result["msg"] == "1 of 1 servers failed: 'w-0001' (ghost) is gone: it disappeared."
    assert group._clock() >= group.create_grace and info.value.result["changed"] is True


def test_running_out_of_wait_timeout_names_every_pending_member_and_reports_them():
    cloud = Cloud(polls=10 ** 6)
    group, _module = make(cloud, ["w-0001", "w-0002"], wait_timeout=30)
    create(group, cloud, "w", 2)
    with pytest.raises(Failed) as info:
        group.wait(group.members, ACTIVE)
    result = info.value.result
    assert result["msg"] == ("Timed out after 30 seconds waiting for 2 server(s) to become ACTIVE: server 'w-0001' (BUILD), "
                             "server 'w-0002' (BUILD). Raise wait_timeout, or set wait: false to return without waiting.")
    assert result["changed"] is True and [s["status"] for s in result["servers"]] == ["BUILD", "BUILD"]
    assert group._clock() == 30


def test_a_deletion_waits_until_every_member_is_gone():
    cloud = Cloud()
    cloud.servers["s1"] = {"id": "s1", "name": "a", "status": "ACTIVE", "reads": 0}
    group, _module = make(cloud, [])
    gone = [Member("a", {"id": "s1", "name": "a", "status": "ACTIVE"})]
    cloud.post = lambda path, body=None: cloud.calls.append(("POST", path, body)) or cloud.servers.clear() or {}
    group.delete(gone, "delete server 'a'", "/v1/servers/delete", {"ids": ["s1"]}, Goal(absent=True))
    assert [c[0] for c in cloud.calls] == ["POST", "GET"] and group.changed() and group.removed == gone
