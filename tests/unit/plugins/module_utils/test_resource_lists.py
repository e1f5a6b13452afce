"""Engine features for list-valued references and child lists whose desired value needs work first."""

from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import ChildList, IecResource, Ref

from ansible_collections.huaweicloud.iec.tests.unit.plugins.module_utils.test_resource import VPCS, FakeClient, Widget, existing, run


class Client(FakeClient):
    def list_all(self, path, items_key, query=None):
        if path == "/v1/groups":
            self.calls.append(("LIST", path, query))
            return [{"id": "g-1", "name": "web"}, {"id": "g-2", "name": "db"}, {"id": "g-3", "name": "db"}]
        return super(Client, self).list_all(path, items_key, query)


class GroupedWidget(Widget):
    references = dict(Widget.references, tags=Ref("/v1/groups", "groups", field="tags", label="group"))


def test_a_list_reference_resolves_each_name_or_id_and_reads_the_list_once():
    client = Client([existing(tags=["g-2", "g-1"])], VPCS)
    engine = GroupedWidget(type("M", (), dict(params=dict(tags=["web", "g-2"]), check_mode=False))(), client=client)
    assert engine.resolve("tags") == ["g-1", "g-2"]
    assert engine.referenced("tags", "g-1") == {"id": "g-1", "name": "web"}
    assert engine.referenced("tags", "nope") is None
    assert [c for c in client.calls if c[1] == "/v1/groups"] == [("LIST", "/v1/groups", None)]


def test_a_list_reference_fails_on_an_unknown_or_ambiguous_name_and_info_style_skips_unknown_names():
    client = Client([existing()], VPCS)
    outcome, result, _unused = run(GroupedWidget, client, name="web", tags=["web", "nope"])
    assert outcome == "failed" and result["msg"] == "No group has the name or id 'nope' (option tags)."
    outcome, result, _unused = run(GroupedWidget, client, name="web", tags=["db"])
    assert outcome == "failed" and result["msg"].startswith("2 groups are named 'db' (ids: g-2, g-3)")
    engine = GroupedWidget(type("M", (), dict(params=dict(tags=["web", "nope"]), check_mode=False))(), client=client)
    assert engine.resolve("tags", missing_ok=True) == ["g-1"]


def test_a_list_reference_compares_ids_so_names_cause_no_change():
    client = Client([existing(tags=["g-2", "g-1"])], VPCS)
    outcome, result, _unused = run(GroupedWidget, client, name="web", tags=["web", "g-2"])
    assert outcome == "ok" and not result["changed"] and client.mutating() == []


class Linked(IecResource):
    key = "widget"
    path = "/v1/widgets"
    envelope = "widget"
    list_key = "widgets"
    identity = ("name",)
    create_options = ("name",)
    references = {"links": Ref("/v1/groups", "groups", field="links", label="group")}
    returns = ("id", "name", "links")
    applied = []

    @staticmethod
    def _apply(engine, resource, plan):
        Linked.applied.append(plan)
        engine.client.widgets[resource["id"]]["links"] = [i["id"] for i in plan.result]

    children = (ChildList("links", key=lambda item: item["id"],
                          read=lambda engine, r: [{"id": i} for i in r.get("links") or []],
                          apply=_apply.__func__,
                          desired=lambda engine, value: [{"id": i} for i in engine.resolve("links")]),)


def test_a_child_list_with_desired_plans_against_the_resolved_ids():
    Linked.applied = []
    client = Client([existing(links=["g-1"])], VPCS)
    outcome, result, _unused = run(Linked, client, name="web", links=["web"])
    assert outcome == "ok" and not result["changed"] and Linked.applied == []
    outcome, result, _unused = run(Linked, client, name="web", links=["g-2", "web"])
    assert outcome == "ok" and result["changed"]
    assert [i["id"] for i in Linked.applied[0].adds] == ["g-2"]
    assert client.widgets["w9"]["links"] == ["g-2", "g-1"]


def test_a_child_list_without_desired_gets_the_option_value_unchanged():
    child = ChildList("rules", key=lambda i: i, read=None, apply=None)
    assert child.desired is None
