"""options.py: the option groups several modules share, and what each option is sent as."""

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import (
    image_filters,
    security_group_rule_options,
    site_filters,
    strings,
)


def test_image_filters_follow_the_list_api_of_each_kind():
    spec, query = image_filters("image", extra=dict(type="int"))
    assert list(spec)[0] == "extra" and "extra" not in query
    assert query["image_type"] == "__imagetype" and query["is_registered"] == "__isregistered"
    assert query["support_arm"] == "__support_arm" and spec["support_arm"] == dict(type="bool")
    assert spec["support_kvm_gpu_type"] == dict(type="str")
    assert "owner" not in spec and "support_xen" not in spec          # the private image list takes neither
    cloud_spec, cloud_query = image_filters("cloud_image")
    assert cloud_query["owner"] == "owner" and cloud_spec["support_xen_hana"] == dict(type="bool")
    assert "support_arm" not in cloud_spec
    for kind, sent in (("image", query), ("cloud_image", cloud_query)):
        # every filter is a query parameter the kind's list API takes; sorting is the only addition
        assert set(sent.values()) - set(catalog.kind(kind).filters) == {"sort_key", "sort_dir"}


def test_image_filters_give_each_module_its_own_dicts():
    first = image_filters("image")[0]
    first["status"]["choices"].append("gone")
    assert "gone" not in image_filters("image")[0]["status"]["choices"]


def test_a_rule_option_is_required_only_where_asked():
    assert security_group_rule_options(required=["direction"])["direction"]["required"] is True
    assert "required" not in security_group_rule_options()["direction"]
    assert security_group_rule_options(id=dict(type="str"))["id"] == dict(type="str")


def test_site_filters_are_lists_with_the_carriers_as_choices():
    spec = site_filters(name=dict(type="str"))
    assert list(spec)[0] == "name"
    assert all(spec[o]["type"] == "list" for o in ("area", "province", "city", "operator"))
    assert spec["operator"]["choices"] == ["chinamobile", "chinaunicom", "chinatelecom"]


def test_strings_gives_a_str_option_of_its_own_for_each_name():
    spec = strings("name", "vpc")
    assert spec == {"name": {"type": "str"}, "vpc": {"type": "str"}}
    spec["name"]["required"] = True
    assert strings("name")["name"] == {"type": "str"}
