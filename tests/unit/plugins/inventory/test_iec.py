import os

import pytest
from ansible.errors import AnsibleError, AnsibleParserError

from inventory_fixtures import load_fixture, make_server, seed_server

SITES = load_fixture("list_sites.json")["sites"]
CHANGSHA, ZHONGSHAN = SITES


def hostvars(inventory, host):
    return inventory.get_host(host).get_vars()


def group_hosts(inventory, group):
    return sorted(h.name for h in inventory.groups[group].get_hosts())


def test_seed_example_becomes_a_host_with_its_placement(fake_client, run_inventory):
    fake_client.servers = [seed_server()]
    inventory, warnings = run_inventory({})

    host = "IEC-ZS01-res-ga2n-0001"
    assert list(inventory.hosts) == [host]
    hv = hostvars(inventory, host)
    assert hv["ansible_host"] == "188.181.56.44"
    assert hv["iec_id"] == "d10f846a-d7a4-4ee7-9552-19f656d898e6"
    assert hv["iec_private_ipv4"] == "172.16.0.204"
    assert hv["iec_public_ipv4"] == "188.181.56.44"
    assert hv["iec_site_id"] == ZHONGSHAN["id"]
    assert hv["iec_site_name"] == "zhongshan"
    assert (hv["iec_area"], hv["iec_province"], hv["iec_city"]) == ("south", "guangdong", "zhongshan")
    assert hv["iec_operator"] == "chinaunicom"
    assert hv["iec_edgecloud_name"] == "iec-nazt"
    assert hv["iec_flavor"] == {"id": "kc1.large.2", "name": "kc1.large.2", "vcpus": 2, "ram": 4096, "disk": 0}
    assert hv["iec_vpc_id"] == "4a6d9663-475f-11eb-aa7c-fa16406a65c4"
    assert hv["iec_image_name"] == "CentOS 7.0 64bit"
    assert hv["iec_tag_values"]["edgecloud"] == "528cb435-4988-11eb-8603-fa1640aee23e"
    for group in ("iec", "iec_site_zhongshan", "iec_city_zhongshan", "iec_province_guangdong", "iec_area_south",
                  "iec_operator_chinaunicom", "iec_edgecloud_iec_nazt", "iec_status_active",
                  "iec_flavor_kc1_large_2"):
        assert group_hosts(inventory, group) == [host], group
    assert warnings == []


def test_one_listing_and_one_site_listing_with_the_configured_workers(fake_client, run_inventory):
    fake_client.servers = [make_server(i, site=CHANGSHA) for i in range(5)]
    run_inventory({"workers": 7})

    (client,) = fake_client.instances
    assert client.calls == [("paginate", {}, 7), ("list_all", "/v1/sites")]
    assert client.options["access_key"] == "AK"
    assert client.options["domain_id"] == "d1"


def test_resolve_sites_false_saves_the_site_listing(fake_client, run_inventory):
    fake_client.servers = [make_server(1, site=CHANGSHA)]
    inventory, _unused = run_inventory({"resolve_sites": False})

    assert fake_client.instances[0].calls == [("paginate", {}, 4)]
    assert "iec_site_" + CHANGSHA["id"].replace("-", "_") in inventory.groups
    assert hostvars(inventory, "edge-0001")["iec_site_name"] is None


def test_no_instance_means_no_site_listing(fake_client, run_inventory):
    inventory, _unused = run_inventory({})
    assert fake_client.instances[0].calls == [("paginate", {}, 4)]
    assert list(inventory.hosts) == []


def test_colliding_names_fall_back_to_ids_and_warn(fake_client, run_inventory):
    twins = [make_server(1, name="web"), make_server(2, name="web"), make_server(3, name="db")]
    fake_client.servers = twins
    inventory, warnings = run_inventory({})

    assert sorted(inventory.hosts) == sorted(["db", twins[0]["id"], twins[1]["id"]])
    assert hostvars(inventory, twins[0]["id"])["iec_name"] == "web"
    assert hostvars(inventory, twins[1]["id"])["iec_public_ipv4"] == "188.181.0.3"
    assert len(warnings) == 1
    assert "'web'" in warnings[0] and twins[0]["id"] in warnings[0] and twins[1]["id"] in warnings[0]


def test_collisions_do_not_depend_on_listing_order(fake_client, run_inventory):
    twins = [make_server(1, name="web"), make_server(2, name="web")]
    fake_client.servers = list(reversed(twins))
    inventory, _unused = run_inventory({})
    assert sorted(inventory.hosts) == sorted(t["id"] for t in twins)


def test_hostnames_preference_list_and_template(fake_client, run_inventory):
    fake_client.servers = [make_server(1, public=False, site=CHANGSHA), make_server(2, site=CHANGSHA)]
    inventory, _unused = run_inventory({"hostnames": ["public_ipv4", "private_ipv4"], "connect_with": "private_ipv4"})
    assert sorted(inventory.hosts) == ["172.16.0.2", "188.181.0.3"]

    inventory, _unused = run_inventory({"hostnames": ["{{ iec_name }}.{{ iec_city }}"]})
    assert sorted(inventory.hosts) == ["edge-0001.changsha", "edge-0002.changsha"]


def test_an_empty_name_falls_through_to_the_next_preference(fake_client, run_inventory):
    server = make_server(1, name="")
    fake_client.servers = [server]
    inventory, _unused = run_inventory({"hostnames": ["name", "id"]})
    assert list(inventory.hosts) == [server["id"]]


def test_unknown_hostnames_entry_is_refused_before_any_request(fake_client, run_inventory):
    with pytest.raises(AnsibleParserError, match="nickname"):
        run_inventory({"hostnames": ["nickname"]})
    assert fake_client.instances == []


def test_unknown_option_is_refused_naming_the_closest_before_any_request(fake_client, run_inventory):
    """ansible-core would keep the default of connect_with and say nothing (issue 13, point 5)."""
    with pytest.raises(AnsibleParserError) as err:
        run_inventory({"connect_width": "private_ip"})
    assert str(err.value).startswith("connect_width is not an option of the huaweicloud.iec.iec inventory plugin "
                                     "(did you mean connect_with?)")
    assert fake_client.instances == []


def test_hosts_without_the_address_are_kept_with_one_warning(fake_client, run_inventory):
    fake_client.servers = [make_server(1), make_server(2, public=False), make_server(3, public=False, private=False)]
    inventory, warnings = run_inventory({})

    assert sorted(inventory.hosts) == ["edge-0001", "edge-0002", "edge-0003"]
    assert hostvars(inventory, "edge-0001")["ansible_host"] == "188.181.0.2"
    assert "ansible_host" not in hostvars(inventory, "edge-0002")
    assert "ansible_host" not in hostvars(inventory, "edge-0003")
    assert hostvars(inventory, "edge-0003")["iec_addresses"] == []
    assert len(warnings) == 1
    assert "2 host(s) have no public_ipv4" in warnings[0]
    assert "edge-0002" in warnings[0] and "edge-0003" in warnings[0]


def test_connect_with_none_sets_no_ansible_host_and_does_not_warn(fake_client, run_inventory):
    fake_client.servers = [make_server(1, public=False)]
    inventory, warnings = run_inventory({"connect_with": "none"})
    assert "ansible_host" not in hostvars(inventory, "edge-0001")
    assert warnings == []


def test_filters_include_and_exclude_filters(fake_client, run_inventory):
    fake_client.servers = [
        make_server(1, site=CHANGSHA),
        make_server(2, site=ZHONGSHAN),
        make_server(3, site=ZHONGSHAN, status="BUILD"),
        make_server(4, site=CHANGSHA, status="SHUTOFF"),
    ]
    inventory, _unused = run_inventory({
        "filters": {"area": "south"},
        "include_filters": [{"status": "ACTIVE"}, {"status": "BUILD"}],
        "exclude_filters": [{"status": "BUILD", "name": "edge-0003"}],
    })
    assert sorted(inventory.hosts) == ["edge-0002"]
    calls = fake_client.instances[0].calls
    assert [c[1] for c in calls if c[0] == "paginate"] == [
        {"area": "south", "status": "ACTIVE"},
        {"area": "south", "status": "BUILD"},
        {"area": "south", "status": "BUILD", "name": "edge-0003"},
    ]


def test_an_instance_matched_by_two_includes_is_one_host(fake_client, run_inventory):
    fake_client.servers = [make_server(1, site=CHANGSHA)]
    inventory, warnings = run_inventory({"include_filters": [{"city": "changsha"}, {"status": "ACTIVE"}]})
    assert list(inventory.hosts) == ["edge-0001"]
    assert warnings == []


def test_unknown_filter_is_refused(fake_client, run_inventory):
    with pytest.raises(AnsibleParserError, match="operator"):
        run_inventory({"filters": {"operator": "chinaunicom"}})


def test_err_sites_warn_and_keep_the_partial_list(fake_client, run_inventory):
    fake_client.servers = [make_server(1)]
    fake_client.err_sites = ["site-a", "site-b"]
    inventory, warnings = run_inventory({})
    assert list(inventory.hosts) == ["edge-0001"]
    assert any("site-a" in w and "site-b" in w for w in warnings)


def test_err_sites_fail_with_strict_sites(fake_client, run_inventory):
    fake_client.servers = [make_server(1)]
    fake_client.err_sites = ["site-a"]
    with pytest.raises(AnsibleError, match="partial.*site-a"):
        run_inventory({"strict_sites": True})


def test_operator_comes_from_the_site_when_the_instance_has_no_tag(fake_client, run_inventory):
    server = make_server(1, site=ZHONGSHAN)
    server["tags"] = []
    other = make_server(2, site=CHANGSHA)
    other["tags"] = []
    fake_client.servers = [server, other]
    inventory, _unused = run_inventory({})
    assert hostvars(inventory, "edge-0001")["iec_operator"] == "chinaunicom"
    # a site served by three carriers says nothing about the instance's carrier
    assert hostvars(inventory, "edge-0002")["iec_operator"] is None
    assert hostvars(inventory, "edge-0002")["iec_site_operators"] == ["chinamobile", "chinatelecom", "chinaunicom"]
    assert group_hosts(inventory, "iec_operator_chinaunicom") == ["edge-0001"]


def test_constructed_compose_groups_keyed_groups_and_prefix(fake_client, run_inventory):
    fake_client.servers = [make_server(1, site=CHANGSHA), make_server(2, site=ZHONGSHAN, public=False)]
    inventory, warnings = run_inventory({
        "hostvars_prefix": "edge_",
        "connect_with": "none",
        "default_groups": ["city"],
        "group_prefix": "",
        "compose": {"ansible_host": "edge_public_ipv4 | default(edge_private_ipv4, true)"},
        "groups": {"reachable": "edge_public_ipv4 is not none"},
        "keyed_groups": [{"key": "edge_area", "prefix": "area"}],
    })
    assert hostvars(inventory, "edge-0001")["ansible_host"] == "188.181.0.2"
    assert hostvars(inventory, "edge-0002")["ansible_host"] == "172.16.0.3"
    assert "iec_name" not in hostvars(inventory, "edge-0001")
    assert group_hosts(inventory, "reachable") == ["edge-0001"]
    assert group_hosts(inventory, "area_central") == ["edge-0001"]
    assert group_hosts(inventory, "area_south") == ["edge-0002"]
    assert group_hosts(inventory, "city_changsha") == ["edge-0001"]
    assert "iec_status_active" not in inventory.groups


def test_api_errors_become_one_readable_failure(fake_client, run_inventory, monkeypatch):
    from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecApiError

    def boom(self, *args, **kwargs):
        raise IecApiError("GET /v1/cloudservers failed: 403 IEC.000403 forbidden")

    monkeypatch.setattr(fake_client, "paginate", boom)
    with pytest.raises(AnsibleError, match="IEC inventory: .*403"):
        run_inventory({})


class TestCache:
    def config(self, tmp_path):
        return {"cache": True, "cache_plugin": "ansible.builtin.jsonfile",
                "cache_connection": str(tmp_path / "cache"), "cache_timeout": 3600}

    def cache_files(self, tmp_path):
        return [os.path.join(tmp_path / "cache", f) for f in os.listdir(tmp_path / "cache")]

    def listings(self, fake_client):
        return sum(1 for c in fake_client.instances for call in c.calls if call[0] == "paginate")

    def test_cache_hit_lists_nothing_and_keeps_deleted_hosts(self, fake_client, run_inventory, tmp_path):
        fake_client.servers = [make_server(1), make_server(2)]
        run_inventory(self.config(tmp_path))
        assert self.listings(fake_client) == 1

        fake_client.servers = [make_server(1)]
        inventory, _unused = run_inventory(self.config(tmp_path))
        assert self.listings(fake_client) == 1
        assert sorted(inventory.hosts) == ["edge-0001", "edge-0002"]

    def test_refresh_lists_again_and_drops_deleted_hosts(self, fake_client, run_inventory, tmp_path):
        fake_client.servers = [make_server(1), make_server(2)]
        run_inventory(self.config(tmp_path))
        fake_client.servers = [make_server(1)]
        inventory, _unused = run_inventory(self.config(tmp_path), cache=False)
        assert self.listings(fake_client) == 2
        assert list(inventory.hosts) == ["edge-0001"]
        # and the refreshed content is what the next cached run sees
        inventory, _unused = run_inventory(self.config(tmp_path))
        assert self.listings(fake_client) == 2
        assert list(inventory.hosts) == ["edge-0001"]

    def test_cache_hit_does_not_reset_the_ttl(self, fake_client, run_inventory, tmp_path):
        fake_client.servers = [make_server(1)]
        run_inventory(self.config(tmp_path))
        (path,) = self.cache_files(tmp_path)
        aged = os.stat(path).st_mtime - 3000
        os.utime(path, (aged, aged))

        run_inventory(self.config(tmp_path))
        assert os.stat(path).st_mtime == aged
        assert self.listings(fake_client) == 1

        # once past the TTL the entry is gone and the inventory lists again
        expired = aged - 1000
        os.utime(path, (expired, expired))
        run_inventory(self.config(tmp_path))
        assert self.listings(fake_client) == 2

    def test_cache_disabled_always_lists(self, fake_client, run_inventory):
        fake_client.servers = [make_server(1)]
        run_inventory({})
        run_inventory({})
        assert self.listings(fake_client) == 2


def test_no_secret_of_the_instance_reaches_the_host_variables(fake_client, run_inventory):
    server = make_server(1)
    server["OS-EXT-SRV-ATTR:user_data"] = "dXNlci1kYXRhLXNlY3JldA=="
    server["metadata"] = dict(server.get("metadata") or {}, admin_pass="Adm1n-Secret", image_name="Ubuntu")
    fake_client.servers = [server]
    inventory, _unused = run_inventory({})
    hv = hostvars(inventory, "edge-0001")
    assert hv["iec_metadata"]["image_name"] == "Ubuntu" and "admin_pass" not in hv["iec_metadata"]
    assert "dXNlci1kYXRhLXNlY3JldA==" not in repr(hv) and "Adm1n-Secret" not in repr(hv)


# compose, groups and keyed_groups reading the variables in every way a user may write them: by name,
# through vars[], the magic group_names and inventory_hostname, a parent_group template, an undefined
# name, a conditional given as a template, a dictionary key.
RICH_CONSTRUCTED = {
    "compose": {"ansible_host": "iec_public_ipv4 | default(iec_private_ipv4)", "ansible_user": "'root'",
                "label": "iec_city ~ '-' ~ inventory_hostname", "through_vars": "vars['iec_area'] | upper",
                "broken": "iec_name ~ not_defined_anywhere"},
    "groups": {"big": "iec_flavor.vcpus >= 2", "in_changsha": "'iec_city_changsha' in group_names",
               "templated": "{{ 'iec_status' }} == 'ACTIVE'"},
    "keyed_groups": [{"key": "iec_image_name", "prefix": "image"},
                     {"key": "iec_tag_values.env | default('none')", "prefix": "env"},
                     {"key": "iec_area", "prefix": "area", "parent_group": "{{ iec_city }}_areas"},
                     {"key": "group_names | select('match', 'area_') | list", "prefix": "seen"},
                     {"key": "iec_tag_values", "prefix": "tag"}],
}


def snapshot(inventory):
    return ({name: sorted(h.name for h in group.get_hosts()) for name, group in inventory.groups.items()},
            {name: inventory.get_host(name).get_vars() for name in inventory.hosts})


def test_constructed_features_answer_as_ansible_core_does(fake_client, run_inventory, monkeypatch):
    """The plugin hands each expression only the variables it names and compiles it once: the inventory is
    the one ansible-core's Constructable builds when given every variable and compiling every time."""
    from ansible_collections.huaweicloud.iec.plugins.inventory import iec

    fake_client.servers = [make_server(n, site=CHANGSHA if n % 2 else ZHONGSHAN, public=n % 3 != 0) for n in range(1, 7)]
    fast = snapshot(run_inventory(RICH_CONSTRUCTED)[0])

    def reference(self, name, strict):
        host_vars = self.inventory.get_host(name).get_vars()
        self._set_composite_vars(self.get_option("compose"), host_vars, name, strict=strict)
        self._add_host_to_composed_groups(self.get_option("groups"), {}, name, strict=strict)
        self._add_host_to_keyed_groups(self.get_option("keyed_groups"), {}, name, strict=strict)

    monkeypatch.setattr(iec.InventoryModule, "_construct", reference)
    monkeypatch.setattr(iec, "_CompileOnceTemplar", None)  # ansible-core's own templar, compiling every time
    assert fast == snapshot(run_inventory(RICH_CONSTRUCTED)[0])
    groups, variables = fast
    assert groups["in_changsha"] and groups["changsha_areas"] and groups["seen_area_central"]
    assert all(v["label"] == v["iec_city"] + "-" + name and "broken" not in v for name, v in variables.items())
    assert all(v["ansible_user"] == "root" for v in variables.values())
    with pytest.raises(AnsibleParserError, match="Invalid keyed group entry"):
        run_inventory(dict(RICH_CONSTRUCTED, keyed_groups=[{"key": "iec_area"}, {}]))


def test_each_constructed_expression_is_compiled_once(fake_client, run_inventory, monkeypatch):
    from ansible._internal._templating._engine import TemplateEngine

    compiled = []
    original = TemplateEngine._compile_expression

    def counting(self, expression, options):
        compiled.append(str(expression))
        return original(self, expression, options)

    monkeypatch.setattr(TemplateEngine, "_compile_expression", counting)
    fake_client.servers = [make_server(n, site=CHANGSHA) for n in range(1, 6)]
    inventory, dummy = run_inventory({"compose": {"ansible_user": "'root'"}, "groups": {"big": "iec_flavor.vcpus >= 2"},
                                      "keyed_groups": [{"key": "iec_area", "prefix": "area"}]})
    assert len(inventory.hosts) == 5
    assert sorted(compiled) == sorted(["'root'", "iec_flavor.vcpus >= 2", "iec_area"])

    # ansible-core's own templar compiles each expression for each host: what the plugin's templar saves.
    from ansible_collections.huaweicloud.iec.plugins.inventory import iec
    del compiled[:]
    monkeypatch.setattr(iec, "_CompileOnceTemplar", None)
    run_inventory({"compose": {"ansible_user": "'root'"}, "groups": {"big": "iec_flavor.vcpus >= 2"},
                   "keyed_groups": [{"key": "iec_area", "prefix": "area"}]})
    assert len(compiled) == 15
