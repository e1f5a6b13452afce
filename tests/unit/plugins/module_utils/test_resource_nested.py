"""Engine features added for the edge-service and image modules: options nested in dict options
('coverage.policy'), list indexes in dotted fields, create_path, list_filters, renamed curated keys,
Wait reasons computed by a function and deletion failures (delete_failed), resolve_value."""

import pytest

from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import (
    ChildList,
    IecInfo,
    Ref,
    Wait,
    dig,
)
from ansible_collections.huaweicloud.iec.tests.unit.plugins.module_utils.test_resource import (
    VPCS,
    Exited,
    FakeClient,
    FakeClock,
    FakeModule,
    Widget,
    existing,
    run,
)


def test_dig_indexes_lists_with_numeric_steps():
    data = {"stacks": [{"resources": [{"flavor_ref": "c6"}]}], "plain": {"0": "key"}}
    assert dig(data, "stacks.0.resources.0.flavor_ref") == "c6"
    assert dig(data, "stacks.1.resources") is None
    assert dig(data, "stacks.x") is None
    assert dig(data, "plain.0") == "key"


class NestedWidget(Widget):
    """A widget whose flavor and VPC are given inside a dict option 'spec'."""

    create_path = "/v1/widgets/create"
    create_options = ("name", "spec.vpc", "spec.flavor")
    update_options = ("spec.size",)
    immutable = ("spec.flavor",)
    fields = {"spec.flavor": "flavor", "spec.size": "size"}
    references = {"spec.vpc": Ref("/v1/vpcs", "vpcs", field="vpc_id", label="VPC")}
    returns = ("id", "name", ("network", "vpc_id"), "flavor", "size")


def test_nested_options_are_resolved_sent_and_the_post_goes_to_create_path():
    client = FakeClient([], VPCS)
    outcome, result, _unused = run(NestedWidget, client, name="web", spec={"vpc": "core", "flavor": "small", "size": None})
    assert outcome == "ok" and result["changed"]
    assert client.mutating() == [("POST", "/v1/widgets/create", {"widget": {"name": "web", "vpc_id": "vpc-2",
                                                                            "flavor": "small"}})]
    # ('network', 'vpc_id') in returns renames the API field in the curated result.
    assert result["widget"]["network"] == "vpc-2" and "vpc_id" not in result["widget"]


def test_a_nested_immutable_option_is_refused_by_its_dotted_name():
    client = FakeClient([existing()], VPCS)
    outcome, result, _unused = run(NestedWidget, client, name="web", spec={"vpc": None, "flavor": "large", "size": None})
    assert outcome == "failed"
    assert result["msg"].startswith("Cannot change spec.flavor of widget 'web' from 'small' to 'large'")
    assert client.mutating() == []


def test_a_nested_update_option_is_compared_and_sent():
    client = FakeClient([existing()], VPCS)
    outcome, result, _unused = run(NestedWidget, client, name="web", spec={"vpc": None, "flavor": "small", "size": 5})
    assert outcome == "ok" and result["changed"]
    assert client.mutating() == [("PUT", "/v1/widgets/w9", {"widget": {"size": 5}})]
    client = FakeClient([existing(size=5)], VPCS)
    outcome, result, _unused = run(NestedWidget, client, name="web", spec={"vpc": None, "flavor": "small", "size": 5})
    assert outcome == "ok" and not result["changed"] and client.mutating() == []


def test_an_unset_parent_dict_leaves_its_nested_options_alone():
    client = FakeClient([existing()], VPCS)
    outcome, result, _unused = run(NestedWidget, client, name="web", spec=None)
    assert outcome == "ok" and not result["changed"] and client.mutating() == []


class FilteredWidget(Widget):
    list_filters = {"visibility": "private"}


def test_list_filters_go_with_every_listing_of_the_resource_but_not_with_references():
    client = FakeClient([existing()], VPCS)
    outcome, result, _unused = run(FilteredWidget, client, name="web", vpc="edge")
    assert outcome == "ok"
    assert ("LIST", "/v1/widgets", {"visibility": "private", "name": "web"}) in client.calls
    assert ("LIST", "/v1/vpcs", None) in client.calls


class FilteredInfo(IecInfo):
    key = "widgets"
    label = "widget"
    path = "/v1/widgets"
    list_key = "widgets"
    list_query = {"name": "name"}
    list_filters = {"visibility": "private"}
    returns = ("id", ("network", "vpc_id"))


def test_info_sends_list_filters_and_renames_returned_keys():
    client = FakeClient([existing()], VPCS)
    module = FakeModule({"name": "web"})
    with pytest.raises(Exited) as exc:
        FilteredInfo(module, client=client).run()
    assert exc.value.result["widgets"] == [{"id": "w9", "network": "vpc-1"}]
    assert client.calls == [("LIST", "/v1/widgets", {"visibility": "private", "name": "web"})]


def counts(resource):
    return "%s of %s failed" % (resource.get("failed_num"), resource.get("total"))


class CountingWidget(Widget):
    waiter = Wait(field="status", ready=("inService",), failed=("failed",), reason=counts, absent=True,
                  delete_failed=("delFailed",))


class CountingClient(FakeClient):
    def post(self, path, body=None, query=None):
        answer = super(CountingClient, self).post(path, body, query)
        self.widgets[answer["widget"]["id"]].update(failed_num=1, total=4)
        return answer


def test_a_wait_reason_function_writes_the_failure_sentence():
    client = CountingClient([], VPCS)
    client.statuses = {"w1": ["creating", "failed"]}
    outcome, result, _unused = run(CountingWidget, client, clock=FakeClock(), name="web", vpc="edge")
    assert outcome == "failed"
    assert result["msg"] == "widget 'web' is failed: 1 of 4 failed."
    assert result["widget"]["status"] == "failed"


def test_a_delete_failed_status_ends_the_deletion_wait_in_failure():
    client = FakeClient([existing(status="inService", failed_num=2, total=3)], VPCS)
    client.delete_keeps = True
    client.statuses = {"w9": ["deleting", "delFailed"]}
    clock = FakeClock()
    outcome, result, _unused = run(CountingWidget, client, clock=clock, name="web", state="absent")
    assert outcome == "failed"
    assert result["msg"] == "widget 'web' is delFailed: 2 of 3 failed."
    assert result["widget"]["status"] == "delFailed"
    assert len(clock.sleeps) == 1


class SitesWidget(Widget):
    """A child list whose items name sites, resolved with resolve_value, planted under a dotted key."""

    references = {"site": Ref("/v1/vpcs", "vpcs", field="site", label="site")}
    children = (ChildList("cover.sites", key=lambda i: i["site"],
                          read=lambda engine, w: w.get("cover", {}).get("sites", []),
                          apply=lambda engine, w, plan: None, result_key="cover.sites",
                          desired=lambda engine, value: [{"site": engine.resolve_value("site", v)} for v in value]),)
    returns = ("id", "name", "cover")


def test_child_lists_read_dotted_options_resolve_values_and_plant_nested_results():
    client = FakeClient([existing(cover={"sites": [{"site": "vpc-1"}]})], VPCS)
    outcome, result, _unused = run(SitesWidget, client, check_mode=True, name="web", cover={"sites": ["edge", "core"]})
    assert outcome == "ok" and result["changed"] and client.mutating() == []
    assert result["diff"]["after"]["cover"] == {"sites": [{"site": "vpc-1"}, {"site": "vpc-2"}]}
    assert [c for c in client.calls if c[1] == "/v1/vpcs"] == [("LIST", "/v1/vpcs", None)]
