"""huaweicloud.iec.instance: checks before any request, one request for a new set, shared waits, failures."""
import pytest

from iec_fakes import SITES, FakeClock, Exited, Failed, FakeClient, FakeModule, lose_first_answer

from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecApiError
from ansible_collections.huaweicloud.iec.plugins.modules.instance import InstanceSet, encode_user_data

DEFAULTS = dict(name=None, id=None, site=None, flavor=None, image=None, rebuild=False, vpc=None, subnets=None,
                security_groups=None, root_volume=None, data_volumes=None, public_ip_pools=None, bandwidth=None,
                key_name=None, admin_pass=None, user_data=None, description=None, with_prefix=False, count=None,
                state="present", hard=False, wait=True, wait_timeout=600)
CREATE = dict(site="guangzhou", flavor="s6.small.1", image="Ubuntu", vpc="vpc", subnets=["sub"],
              root_volume={"size": 40, "volume_type": "SAS"})


class Cloud(FakeClient):
    """Instances go BUILD -> (polls) -> ACTIVE, or ERROR with a fault when the name holds fail-me."""

    def __init__(self, polls=2):
        self.servers = {}
        self.polls = polls
        super().__init__({
            "GET /v1/sites": {"sites": SITES},
            "GET /v1/cloudservers/flavors": {"flavors": [{"id": "s6.small.1", "name": "s6.small.1"}]},
            "GET /v1/images": {"images": [{"id": "img-1", "name": "Ubuntu"}]},
            "GET /v1/vpcs": {"vpcs": [{"id": "vpc-1", "name": "vpc"}]},
            "GET /v1/subnets": {"subnets": [{"id": "sub-1", "name": "sub", "site_id": "site-gz"},
                                            {"id": "sub-sh", "name": "sub-sh", "site_id": "site-sh"}]},
            "GET /v1/cloudvolumes/volume-types": {"volume_types": [{"id": "vt-1", "name": "SAS", "status": "normal"},
                                                                   {"id": "vt-2", "name": "SSD", "status": "normal"}]},
            "GET /v1/os-keypairs/{name}": self.show_keypair,
            "GET /v1/cloudservers": self.list_servers,
            # Every instance has one NIC, in the subnet of CREATE: network_id is the IEC subnet id, fixed_ips[]
            # the subnet's neutron_subnet_id (seed 4.9 examples).
            "GET /v1/ports": lambda q, b, g: {"ports": [{"id": "port-" + q["device_id"], "device_id": q["device_id"],
                                                         "network_id": "sub-1",
                                                         "fixed_ips": [{"subnet_id": "nsub-1", "ip_address": "10.0.0.9"}]}]},
            "GET /v1/cloudservers/{id}": self.show,
            "POST /v1/cloudservers": self.create,
            "POST /v1/cloudservers/delete": self.delete_servers,
        })

    def show_keypair(self, query, body, groups):
        if groups[0] != "deploy":
            from iec_fakes import api_error
            raise api_error(404, "IEC.010220")
        return {"name": "deploy", "public_key": "ssh-rsa AAAA"}

    def list_servers(self, query, body, groups):
        # IEC matches the name filter as a part of the name.
        part = (query or {}).get("name") or ""
        return {"servers": [dict(s) for s in self.servers.values() if part in s["name"]]}

    def show(self, query, body, groups):
        server = self.servers.get(groups[0])
        if server is None:
            from iec_fakes import api_error
            raise api_error(404, "IEC.010200")
        server["_reads"] = server.get("_reads", 0) + 1
        if server["status"] == "BUILD" and server["_reads"] > self.polls:
            if "fail-me" in server["name"]:
                server.update(status="ERROR", fault={"message": "no capacity"})
            else:
                server["status"] = "ACTIVE"
        return {"server": dict(server)}

    def create(self, query, body, groups):
        s = body["server"]
        ids = []
        for i in range(s["count"]):
            ident = "srv-%d" % (len(self.servers) + 1)
            name = s["name"] if s["count"] == 1 else "%s-%04d" % (s["name"], i + 1)
            self.servers[ident] = {"id": ident, "name": name, "status": "BUILD", "geolocation": {"id": "site-gz"}}
            ids.append(ident)
        return {"job_id": "j", "server_ids": ids}

    def delete_servers(self, query, body, groups):
        for s in body["servers"]:
            self.servers.pop(s["id"], None)
        return {"job_id": "j"}


def run(client, check_mode=False, **kw):
    module = FakeModule(dict(DEFAULTS, **kw), check_mode)
    clock = FakeClock()
    task = InstanceSet(module, client=client)
    task._clock, task._sleep = clock.now, clock.sleep
    with pytest.raises((Exited, Failed)) as info:
        task.run()
    return ("failed" if isinstance(info.value, Failed) else "ok"), info.value.result, clock


@pytest.mark.parametrize("kw, msg", [
    (dict(name="n" * 49, site="x"), "name must be 1 to 48 letters, digits, '-' or '_'; got '%s'." % ("n" * 49)),
    (dict(name="n" * 44, site="x", count=2),
     "name must be 1 to 48 letters, digits, '-' or '_' with the suffix -0002 of count; got '%s-0002'." % ("n" * 44)),
    # A set of one is suffixed too, and so is the name checked for count 0 (the members it deletes).
    (dict(name="n" * 44, site="x", count=1),
     "name must be 1 to 48 letters, digits, '-' or '_' with the suffix -0001 of count; got '%s-0001'." % ("n" * 44)),
    (dict(name="n" * 44, site="x", count=0, state="absent"),
     "name must be 1 to 48 letters, digits, '-' or '_' with the suffix -0001 of count; got '%s-0001'." % ("n" * 44)),
    (dict(name="web", site="x", count=51), "count must be 0 to 50 (the most IEC creates in one request); got 51."),
    (dict(name="web", site="x", count=-1), "count must be 0 to 50 (the most IEC creates in one request); got -1."),
    (dict(name="web", site="x", root_volume={"size": 101, "volume_type": "SAS"}),
     "root_volume.size must be 40 to 100 GB; got 101."),
    (dict(name="web", site="x", admin_pass="short1A"), "admin_pass must be 8 to 26 characters long; it has 7."),
    (dict(name="web", site="x", admin_pass="Abcdefg1#"),
     "admin_pass may hold only letters, digits and the special characters !@$%^-_=+[{}]:,./?."),
    (dict(name="web", site="x", admin_pass="Toor-1234"), "admin_pass must not contain the user name 'root' or its reverse."),
    (dict(name="web", site="x", user_data="x" * 50000),
     "user_data is 66668 characters once base64-encoded; IEC takes less than 65535."),
    # A bandwidth without lines is the site's default line (issue 11 defect 4): one entry, not two.
    (dict(name="web", site="x", bandwidth={"ids": ["b1", "b2"]}),
     "bandwidth.ids must give one entry per line of public_ip_pools (1); got 2."),
    (dict(id="i-1", count=2), "count cannot be used with id; give name and site to manage a set of instances."),
    (dict(id="i-1", count=1), "count cannot be used with id; give name and site to manage a set of instances."),
    (dict(id="i-1", count=0), "count cannot be used with id; give name and site to manage a set of instances."),
])
def test_bad_options_fail_before_any_request(kw, msg):
    client = Cloud()
    outcome, result, _unused = run(client, **kw)
    assert outcome == "failed" and result["msg"] == msg
    assert client.calls == []


def test_missing_creation_options_are_named_before_anything_changes():
    client = Cloud()
    outcome, result, _unused = run(client, name="web", site="guangzhou", flavor="s6.small.1")
    assert outcome == "failed"
    assert result["msg"] == "Instance 'web' does not exist; to create it, give image, vpc, subnets, root_volume."
    assert client.mutating() == []


@pytest.mark.parametrize("kw, msg", [
    (dict(subnets=["sub-sh"]),
     "subnet 'sub-sh' is at site 'shanghai', not at site 'guangzhou' (option site); give subnets of site "
     "'guangzhou', or create one there with huaweicloud.iec.subnet."),
    (dict(key_name="nowhere"),
     "No key pair is named 'nowhere' (option key_name); create it with huaweicloud.iec.keypair, or give the "
     "name of a key pair of this account."),
    (dict(root_volume={"size": 40, "volume_type": "GOLD"}),
     "root_volume.volume_type 'GOLD' is not a volume type of IEC; give one of SAS, SSD."),
    (dict(data_volumes=[{"size": 10, "volume_type": "SAS"}, {"size": 10, "volume_type": "gold"}]),
     "data_volumes[1].volume_type 'gold' is not a volume type of IEC; give one of SAS, SSD."),
])
@pytest.mark.parametrize("count", [None, 2])
def test_references_iec_refuses_after_the_post_are_read_before_it(kw, msg, count):
    client = Cloud()
    outcome, result, _unused = run(client, name="web", count=count, **dict(CREATE, **kw))
    assert outcome == "failed" and result["msg"] == msg
    assert client.mutating() == []


def test_a_volume_type_the_site_does_not_sell_fails_before_the_post():
    client = Cloud()
    client.routes["GET /v1/sites"] = lambda q, b, g: {"sites": [] if (q or {}).get("volume_type") == "SSD" else SITES}
    params = dict(CREATE, name="web")
    params["root_volume"] = {"size": 40, "volume_type": "SSD"}
    outcome, result, _unused = run(client, **params)
    assert outcome == "failed"
    assert result["msg"] == "Site 'guangzhou' offers no SSD volumes (volume_type); give another volume type or site."
    assert ("LIST", "/v1/sites", {"id": "site-gz", "volume_type": "SSD"}) in client.calls
    assert client.mutating() == []


def test_an_existing_key_pair_is_accepted():
    client = Cloud()
    outcome, result, _unused = run(client, name="web", key_name="deploy", **CREATE)
    assert outcome == "ok" and result["changed"]
    assert [c for c in client.calls if c[0] == "POST"][0][2]["server"]["key_name"] == "deploy"


def test_a_refused_creation_says_it_could_not_create_with_the_reason_of_iec():
    from iec_fakes import api_error
    client = Cloud()

    def refuse(query, body, groups):
        raise api_error(400, "IEC.010910", method="POST", path="/v1/cloudservers", msg="quota exceeded")
    client.routes["POST /v1/cloudservers"] = refuse
    outcome, result, _unused = run(client, name="web", **CREATE)
    assert outcome == "failed"
    assert result["msg"].startswith("Could not create instance 'web': ")
    assert "IEC.010910" in result["msg"] and "quota exceeded" in result["msg"]


def test_creation_sends_site_coverage_and_base64_user_data_then_waits():
    client = Cloud()
    outcome, result, clock = run(client, name="web", user_data="#!/bin/sh\necho hi", admin_pass="Edge-Pass-2024",
                                 public_ip_pools=["guangzhou_cmcc"], **CREATE)
    assert outcome == "ok" and result["changed"] and result["instance"]["status"] == "ACTIVE"
    body = [c for c in client.calls if c[0] == "POST"][0][2]["server"]
    assert body["user_data"] == encode_user_data("#!/bin/sh\necho hi")
    assert body["with_prefix"] is False and body["count"] == 1
    assert body["coverage"] == {"coverage_policy": "centralize", "coverage_level": "site",
                                "coverage_sites": [{"site": "site-gz", "demands": [{"pool_ids": ["guangzhou_cmcc"]}]}]}
    assert body["image_ref"] == "img-1" and body["net_config"] == {"vpc_id": "vpc-1", "subnets": [{"id": "sub-1"}]}
    assert "Edge-Pass-2024" not in repr(result)


def test_a_new_set_is_one_request_and_one_shared_wait():
    client = Cloud(polls=2)
    outcome, result, clock = run(client, name="w", count=20, **CREATE)
    assert outcome == "ok"
    assert [s["name"] for s in result["instances"]] == ["w-%04d" % i for i in range(1, 21)]
    assert len([c for c in client.calls if c[0] == "POST"]) == 1
    # Polling rounds are shared: as many sleeps as for one instance, not twenty times as many.
    _unused, _unused, one = run(Cloud(polls=2), name="solo", **CREATE)
    assert len(clock.sleeps) == len(one.sleeps)


def test_check_mode_creates_nothing():
    client = Cloud()
    outcome, result, _unused = run(client, check_mode=True, name="w", count=3, **CREATE)
    assert outcome == "ok" and result["changed"]
    assert client.mutating() == []
    assert sorted(result["diff"]["after"]) == ["w-0001", "w-0002", "w-0003"]


def test_a_failed_instance_fails_the_task_with_its_fault_and_every_instance_is_reported():
    client = Cloud()
    outcome, result, _unused = run(client, name="web", **CREATE)
    client.servers["srv-1"]["name"] = "web"
    outcome, result, _unused = run(client, name="x-fail-me", **CREATE)
    assert outcome == "failed" and result["changed"]
    assert result["msg"] == "1 of 1 instances failed: 'x-fail-me' (srv-2) is ERROR: no capacity."
    assert result["instance"]["status"] == "ERROR" and result["instance"]["fault"] == {"message": "no capacity"}


def test_shrinking_a_set_deletes_the_highest_members_in_one_request():
    client = Cloud(polls=0)
    run(client, name="w", count=3, **CREATE)
    outcome, result, _unused = run(client, name="w", count=2, site="guangzhou")
    assert outcome == "ok" and result["changed"]
    deletes = [c for c in client.calls if c[1] == "/v1/cloudservers/delete"]
    assert deletes == [("POST", "/v1/cloudservers/delete", {"servers": [{"id": "srv-3"}]})]
    assert [s["name"] for s in result["instances"]] == ["w-0001", "w-0002"]


class FlakyCloud(Cloud):
    """The first creations fail ambiguously (a lost connection); `applies` says whether each one still created."""

    def __init__(self, applies, polls=0):
        super().__init__(polls=polls)
        self.applies = list(applies)
        self.routes["POST /v1/cloudservers"] = self.flaky_create

    def flaky_create(self, query, body, groups):
        if self.applies:
            if self.applies.pop(0):
                self.create(query, body, groups)
            raise IecApiError(method="POST", path="/v1/cloudservers", ambiguous=True,
                              message="IEC did not answer POST /v1/cloudservers: connection aborted")
        return self.create(query, body, groups)


def test_a_set_whose_creation_got_no_answer_is_looked_up_and_created_again_only_when_missing():
    client = FlakyCloud([False, False])
    outcome, result, _unused = run(client, name="w", count=3, **CREATE)
    assert outcome == "ok" and result["changed"]
    assert len([c for c in client.calls if c[0] == "POST"]) == 3
    assert sorted(s["name"] for s in client.servers.values()) == ["w-0001", "w-0002", "w-0003"]
    # each re-send came after a listing of the site
    kinds = [c[0] for c in client.calls if c[1] in ("/v1/cloudservers",)]
    assert kinds == ["LIST", "POST", "LIST", "POST", "LIST", "POST"]


def test_a_set_created_by_a_request_that_got_no_answer_is_adopted_not_created_twice():
    client = FlakyCloud([True])
    outcome, result, _unused = run(client, name="w", count=2, **CREATE)
    assert outcome == "ok" and result["changed"]
    assert len([c for c in client.calls if c[0] == "POST"]) == 1
    assert sorted(s["name"] for s in result["instances"]) == ["w-0001", "w-0002"]
    assert len(client.servers) == 2


def test_a_single_instance_created_by_a_request_that_got_no_answer_is_found_by_a_fresh_listing():
    client = FlakyCloud([True])
    outcome, result, _unused = run(client, name="web", **CREATE)
    assert outcome == "ok" and result["changed"] and result["instance"]["name"] == "web"
    assert len([c for c in client.calls if c[0] == "POST"]) == 1 and len(client.servers) == 1


def test_a_set_gives_up_after_api_retries_ambiguous_creations():
    client = FlakyCloud([False] * 3)
    outcome, result, _unused = run(client, name="w", count=2, api_retries=2, **CREATE)
    assert outcome == "failed" and "did not answer" in result["msg"]
    assert len([c for c in client.calls if c[0] == "POST"]) == 3 and client.servers == {}


def names_of(client):
    return sorted(s["name"] for s in client.servers.values())


def test_a_name_of_43_characters_is_the_longest_a_set_takes_and_a_new_set_names_what_it_lacks():
    client = Cloud()
    outcome, result, _unused = run(client, name="n" * 43, count=50, site="guangzhou", flavor="s6.small.1")
    assert outcome == "failed"
    assert result["msg"] == ("Instances '%s-0001' to '%s-0050' do not exist; to create them, give image, vpc, subnets, "
                             "root_volume." % ("n" * 43, "n" * 43))
    assert client.mutating() == []


def test_a_set_of_one_is_suffixed_and_created_alone():
    client = Cloud(polls=0)
    outcome, result, _unused = run(client, name="w", count=1, **CREATE)
    assert outcome == "ok" and result["changed"]
    posts = [c for c in client.calls if c[0] == "POST"]
    assert len(posts) == 1
    assert posts[0][2]["server"]["name"] == "w-0001" and posts[0][2]["server"]["count"] == 1
    assert names_of(client) == ["w-0001"]
    assert [s["name"] for s in result["instances"]] == ["w-0001"] and result["instance"]["name"] == "w-0001"
    assert sorted(result["diff"]["after"]) == ["w-0001"]
    # The set is listed by its base name, which IEC matches as a part of the name.
    assert ("LIST", "/v1/cloudservers", {"site_id": "site-gz", "name": "w"}) in client.calls


def test_growing_a_set_of_one_to_two_keeps_the_first_and_adds_the_second():
    client = Cloud(polls=0)
    run(client, name="w", count=1, **CREATE)
    first = [i for i, s in client.servers.items() if s["name"] == "w-0001"]
    client.calls = []
    outcome, result, _unused = run(client, name="w", count=2, **CREATE)
    assert outcome == "ok" and result["changed"], result.get("msg")
    posts = [c for c in client.calls if c[0] == "POST"]
    assert [(p[1], p[2]["server"]["name"], p[2]["server"]["count"]) for p in posts] == [("/v1/cloudservers", "w-0002", 1)]
    assert names_of(client) == ["w-0001", "w-0002"]
    assert [i for i, s in client.servers.items() if s["name"] == "w-0001"] == first
    assert [s["name"] for s in result["instances"]] == ["w-0001", "w-0002"]
    assert sorted(result["diff"]["before"]) == ["w-0001"] and sorted(result["diff"]["after"]) == ["w-0001", "w-0002"]


def test_a_set_of_one_does_not_touch_the_instance_named_without_suffix_nor_the_other_way_round():
    client = Cloud(polls=0)
    run(client, name="w", **CREATE)
    outcome, result, _unused = run(client, name="w", count=2, **CREATE)
    assert outcome == "ok" and names_of(client) == ["w", "w-0001", "w-0002"]
    # count 0 deletes the set, not the single instance named w
    client.calls = []
    outcome, result, _unused = run(client, name="w", count=0, site="guangzhou")
    assert outcome == "ok" and result["changed"] and names_of(client) == ["w"]
    # and without count, absent deletes w alone
    run(client, name="w", count=1, **CREATE)
    outcome, result, _unused = run(client, name="w", site="guangzhou", state="absent")
    assert outcome == "ok" and result["changed"] and names_of(client) == ["w-0001"]
    assert result["instance"]["name"] == "w"


def test_count_zero_deletes_the_whole_set_in_one_request_then_changes_nothing():
    client = Cloud(polls=0)
    run(client, name="w", count=3, **CREATE)
    client.calls = []
    outcome, result, _unused = run(client, check_mode=True, name="w", count=0, site="guangzhou")
    assert outcome == "ok" and result["changed"] and client.mutating() == []
    assert sorted(result["diff"]["before"]) == ["w-0001", "w-0002", "w-0003"] and result["diff"]["after"] == {}
    outcome, result, _unused = run(client, name="w", count=0, site="guangzhou", state="started")
    assert outcome == "ok" and result["changed"]
    assert client.mutating() == [("POST", "/v1/cloudservers/delete",
                                  {"servers": [{"id": "srv-1"}, {"id": "srv-2"}, {"id": "srv-3"}]})]
    assert client.servers == {} and result["instances"] == [] and result["instance"] == {}
    client.calls = []
    outcome, result, _unused = run(client, name="w", count=0, site="guangzhou")
    assert outcome == "ok" and not result["changed"] and client.mutating() == []


@pytest.mark.parametrize("count", [0, 1, 5])
def test_absent_with_any_count_deletes_every_member_of_the_set(count):
    client = Cloud(polls=0)
    run(client, name="w", count=3, **CREATE)
    run(client, name="w-00010", **CREATE)     # not a member: five digits
    run(client, name="wx-0001", **CREATE)     # not a member: another base name
    client.calls = []
    outcome, result, _unused = run(client, name="w", count=count, site="guangzhou", state="absent")
    assert outcome == "ok" and result["changed"]
    assert [s["name"] for s in result["instances"]] == ["w-0001", "w-0002", "w-0003"]
    assert len(client.mutating()) == 1
    assert names_of(client) == ["w-00010", "wx-0001"]


@pytest.mark.parametrize("applied, posts", [(True, 1), (False, 2)])
def test_a_deletion_that_got_no_answer_is_looked_up_and_sent_again_only_when_it_was_not_applied(applied, posts):
    client = Cloud(polls=0)
    run(client, name="w", count=2, **CREATE)
    lose_first_answer(client, "POST /v1/cloudservers/delete", applied)
    client.calls = []
    outcome, result, _unused = run(client, name="w", count=0, site="guangzhou")
    assert outcome == "ok" and result["changed"] and client.servers == {}
    assert len(client.mutating()) == posts
    # the look-up read each member before anything was sent again
    assert [c[:2] for c in client.calls if c[0] != "LIST"][1:3] == [("GET", "/v1/cloudservers/srv-1"), ("GET", "/v1/cloudservers/srv-2")]


def test_a_power_action_that_got_no_answer_and_was_not_applied_is_sent_again_after_a_look_up():
    client = Cloud(polls=0)
    run(client, name="web", **CREATE)
    tries = []

    def stop(query, body, groups):
        tries.append(body)
        if len(tries) == 1:
            raise IecApiError(method="POST", path="/v1/cloudservers/action", ambiguous=True, message="IEC did not answer")
        for s in body["os-stop"]["servers"]:
            client.servers[s["id"]]["status"] = "SHUTOFF"
        return {}
    client.routes["POST /v1/cloudservers/action"] = stop
    outcome, result, _unused = run(client, name="web", site="guangzhou", state="stopped")
    assert outcome == "ok" and result["changed"] and len(tries) == 2
    assert result["instance"]["status"] == "SHUTOFF"
