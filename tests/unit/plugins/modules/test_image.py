"""huaweicloud.iec.image, image_info and cloud_image_info against a fake of IEC's image API."""
import copy

import pytest

from iec_fakes import Exited, FakeClient, FakeClock, FakeModule, api_error, run_module

from ansible_collections.huaweicloud.iec.plugins.modules.cloud_image_info import CloudImageInfo
from ansible_collections.huaweicloud.iec.plugins.modules.image import Image
from ansible_collections.huaweicloud.iec.plugins.modules.image_info import ImageInfo

DOMAIN = "d0"
GOLD = {"id": "gold-1", "name": "CentOS 7.6 64bit", "status": "active", "__imagetype": "gold", "visibility": "public"}
SERVERS = [{"id": "srv-a", "name": "web-a"}, {"id": "srv-b", "name": "web-b"}]


class ImageApi(FakeClient):
    """Private images go queued -> saving -> active (one step per read after `polls` reads), or killed when
    their name or IMS source holds 'fail-me'; a retried job succeeds."""

    def __init__(self, polls=1, domain_id=DOMAIN):
        self.images = {}
        self.polls = polls
        self.domain_id = domain_id
        self.n = 0
        super(ImageApi, self).__init__({
            "GET /v1/images": self.list_images,
            "GET /v1/images/{id}": self.show,
            "POST /v1/images/create": self.create,
            "POST /v1/images/register": self.register,
            "DELETE /v1/images/{id}": self.delete_image,
            "POST /v1/{domain}/jobs/{job}/action": self.retry,
            "GET /v1/cloudservers": {"servers": SERVERS},
        })

    def add(self, name, source, fail):
        self.n += 1
        ident = "img-%d" % self.n
        self.images[ident] = {"id": ident, "name": name, "status": "queued", "__imagetype": "private",
                              "visibility": "private", "data_source": source, "relation_job_id": "job-%d" % self.n,
                              "_reads": 0, "_fail": fail}
        return {"job_id": "job-%d" % self.n, "image_id": ident}

    def create(self, query, body, groups):
        return self.add(body["name"], "instance:%s" % body["instance_id"], "fail-me" in body["name"])

    def register(self, query, body, groups):
        return self.add("ims-" + body["image_id"], "ims:%s:%s" % (body["image_id"], body["region_id"]),
                        "fail-me" in body["image_id"])

    def visible(self, image):
        return dict((k, v) for k, v in image.items() if not (k.startswith("_") and not k.startswith("__")))

    def list_images(self, query, body, groups):
        query = query or {}
        items = [GOLD] + [self.visible(i) for i in self.images.values()]
        items = [i for i in items if (i["status"] != "deleted" or query.get("status") == "deleted") and
                 all(str(i.get(k)).lower() == str(v).lower() for k, v in query.items() if k not in ("sort_key", "sort_dir"))]
        return {"images": copy.deepcopy(items), "total": len(items)}

    def show(self, query, body, groups):
        image = self.images.get(groups[0])
        if image is None:
            raise api_error(404, "IEC.030201")
        if image["status"] == "deleted":
            raise api_error(404, "IEC.030202")
        image["_reads"] += 1
        if image["_reads"] > self.polls and image["status"] in ("queued", "saving"):
            image["status"] = {"queued": "saving", "saving": "killed" if image["_fail"] else "active"}[image["status"]]
        return self.visible(image)

    def delete_image(self, query, body, groups):
        image = self.images[groups[0]]
        if image["status"] in ("queued", "saving"):
            raise api_error(400, "IEC.000007", "DELETE", msg="still being created")
        image["status"] = "deleted"

    def retry(self, query, body, groups):
        assert body == {"action": "retry"}
        if groups[0] != self.domain_id:
            raise api_error(404, "IEC.000022", "POST")
        for image in self.images.values():
            if image.get("relation_job_id", image.get("related_job_id")) == groups[1] and image["status"] == "killed":
                image.update(status="queued", _fail=False, _reads=0)


def params(**kw):
    out = dict(name=None, id=None, instance=None, ims_image_id=None, region=None, retry=False, state="present",
               wait=True, wait_timeout=600)
    out.update(kw)
    return out


def run(api, check_mode=False, **kw):
    return run_module(Image, api, params(**kw), check_mode, clock=FakeClock())


@pytest.mark.parametrize("kw, msg", [
    (dict(name="golden "), "name must be 1 to 128 letters, digits, spaces, '-', '.' or '_', neither starting nor ending "
                           "with a space; got 'golden '."),
    (dict(name="a/b"), "name must be 1 to 128 letters, digits, spaces, '-', '.' or '_', neither starting nor ending "
                       "with a space; got 'a/b'."),
    (dict(ims_image_id="x" * 37, region="cn-north-4"), "ims_image_id must be 1 to 36 characters; it has 37."),
])
def test_bad_options_fail_before_any_request(kw, msg):
    api = ImageApi()
    outcome, result, _unused = run(api, **kw)
    assert outcome == "failed" and result["msg"] == msg and api.calls == []


def test_an_image_is_made_from_an_instance_named_and_awaited_until_active():
    api = ImageApi(polls=2)
    outcome, result, _unused = run(api, check_mode=True, name="golden", instance="web-a")
    assert outcome == "ok" and result["changed"] and api.mutating() == []
    assert result["image"]["name"] == "golden" and result["image"]["data_source"] == "instance:srv-a"
    outcome, result, _unused = run(api, name="golden", instance="web-a")
    assert outcome == "ok" and result["changed"]
    assert api.mutating() == [("POST", "/v1/images/create", {"name": "golden", "instance_id": "srv-a"})]
    assert ("LIST", "/v1/images", {"__imagetype": "private", "name": "golden"}) in api.calls
    image = result["image"]
    assert image["status"] == "active" and image["image_type"] == "private" and image["relation_job_id"] == "job-1"
    outcome, result, _unused = run(api, name="golden", instance="srv-a")
    assert outcome == "ok" and not result["changed"] and len(api.mutating()) == 1


def test_a_name_without_instance_or_another_instance_fails_before_any_change():
    api = ImageApi()
    outcome, result, _unused = run(api, name="golden")
    assert outcome == "failed" and result["msg"] == ("Image 'golden' does not exist; to create it, give instance (or "
                                                     "ims_image_id and region to register an IMS image).")
    run(api, name="golden", instance="web-a")
    outcome, result, _unused = run(api, name="golden", instance="web-b")
    assert outcome == "failed"
    assert result["msg"] == ("Cannot change instance of image 'golden' from 'instance:srv-a' to 'srv-b': IEC does not "
                             "allow it. Delete it and create it again to change that.")
    assert len(api.mutating()) == 1


def test_a_killed_registration_fails_naming_its_job_until_it_is_retried():
    api = ImageApi()
    outcome, result, _unused = run(api, ims_image_id="fail-me", region="cn-north-4")
    assert outcome == "failed" and result["changed"]
    assert api.mutating() == [("POST", "/v1/images/register", {"image_id": "fail-me", "region_id": "cn-north-4"})]
    assert result["msg"] == ("image 'ims-fail-me' is killed: its job job-1 failed; set retry: true to run it again, or "
                             "state: absent to delete it.")
    assert result["image"]["status"] == "killed"
    outcome, result, _unused = run(api, ims_image_id="fail-me", region="cn-north-4")
    assert outcome == "failed" and not result["changed"] and len(api.mutating()) == 1
    outcome, result, _unused = run(api, check_mode=True, ims_image_id="fail-me", region="cn-north-4", retry=True)
    assert outcome == "ok" and result["changed"] and len(api.mutating()) == 1
    assert result["image"]["status"] == "killed" and result["diff"]["after"]["status"] == "active"
    outcome, result, _unused = run(api, ims_image_id="fail-me", region="cn-north-4", retry=True)
    assert outcome == "ok" and result["changed"] and result["image"]["status"] == "active"
    assert api.mutating()[-1] == ("POST", "/v1/d0/jobs/job-1/action", {"action": "retry"})
    outcome, result, _unused = run(api, ims_image_id="fail-me", region="cn-north-4", retry=True)
    assert outcome == "ok" and not result["changed"] and len(api.mutating()) == 2


def test_a_retry_without_a_known_domain_id_says_what_to_set():
    api = ImageApi(domain_id=None)
    run(api, name="x-fail-me", instance="web-a")
    outcome, result, _unused = run(api, name="x-fail-me", retry=True)
    assert outcome == "failed"
    assert result["msg"] == "Retrying the job of image 'x-fail-me' needs the account's domain id: set domain_id."
    assert len(api.mutating()) == 1


def test_registered_images_are_found_by_their_source_and_region():
    api = ImageApi()
    run(api, ims_image_id="abc", region="cn-north-4")
    outcome, result, _unused = run(api, ims_image_id="abc", region="cn-north-4")
    assert outcome == "ok" and not result["changed"]
    outcome, result, _unused = run(api, ims_image_id="abc", region="cn-east-3")
    assert outcome == "ok" and result["changed"] and len(api.mutating()) == 2


def test_absent_waits_for_an_image_being_built_then_deletes_it_once():
    api = ImageApi(polls=1)
    outcome, result, _unused = run(api, name="golden", instance="web-a", wait=False)
    assert outcome == "ok" and result["image"]["status"] == "queued"
    outcome, result, _unused = run(api, check_mode=True, name="golden", state="absent")
    assert outcome == "ok" and result["changed"] and len(api.mutating()) == 1
    outcome, result, _unused = run(api, name="golden", state="absent")
    assert outcome == "ok" and result["changed"]
    assert api.mutating()[-1] == ("DELETE", "/v1/images/img-1", None) and api.images["img-1"]["status"] == "deleted"
    outcome, result, _unused = run(api, id="img-1", state="absent")
    assert outcome == "ok" and not result["changed"] and result["image"] == {}


def info(cls, api, **kw):
    module = FakeModule(kw)
    with pytest.raises(Exited) as exc:
        cls(module, client=api).run()
    return exc.value.result, module


def with_defaults(defaults, **params):
    """The module parameters: defaults, overridden by params (dict(defaults, **params) made pylint see each key twice)."""
    merged = dict(defaults)
    merged.update(params)
    return merged


IMAGE_INFO = dict(id=None, name=None, image_type=None, visibility=None, status=None, os_type=None, is_registered=None,
                  protected=None, virtual_env_type=None, support_kvm=None, support_kvm_gpu_type=None,
                  support_kvm_ascend_310=None, support_kvm_hi1822_hiovs=None, support_arm=None, support_gpu_t4=None,
                  support_amd=None, sort_key=None, sort_dir=None)


def test_image_info_sends_the_seed_filters_and_renames_the_underscored_fields():
    api = ImageApi()
    result, _unused = info(ImageInfo, api, **with_defaults(IMAGE_INFO, image_type="gold", os_type="Linux", support_arm=False,
                                                           sort_key="name", sort_dir="asc"))
    assert api.calls == [("LIST", "/v1/images", {"__imagetype": "gold", "__os_type": "Linux", "__support_arm": False,
                                                 "sort_key": "name", "sort_dir": "asc"})]
    result, _unused = info(ImageInfo, api, **with_defaults(IMAGE_INFO, name="CentOS 7.6 64bit"))
    assert result["images"][0]["image_type"] == "gold" and "__imagetype" not in result["images"][0]
    run(api, name="golden", instance="web-a")
    result, _unused = info(ImageInfo, api, **with_defaults(IMAGE_INFO, id="img-1"))
    assert [i["data_source"] for i in result["images"]] == ["instance:srv-a"]
    assert info(ImageInfo, api, **with_defaults(IMAGE_INFO, id="img-404"))[0]["images"] == []


class CloudImageApi(FakeClient):
    def __init__(self):
        super(CloudImageApi, self).__init__({"GET /v1/cloudimages/{region}": self.answer})

    def answer(self, query, body, groups):
        if groups[0] != "cn-north-4":
            raise api_error(404, "IEC.000022")
        return {"images": [{"id": "c1", "name": "private-1", "__imagetype": "private", "__os_bit": "64"}]}


CLOUD_INFO = dict(region="cn-north-4", id=None, name=None, owner=None, image_type=None, visibility=None, status=None,
                  os_type=None, is_registered=None, protected=None, virtual_env_type=None, support_kvm=None,
                  support_kvm_gpu_type=None, support_kvm_infiniband=None, support_diskintensive=None,
                  support_highperformance=None, support_largememory=None, support_xen=None, support_xen_gpu_type=None,
                  support_xen_hana=None, sort_key=None, sort_dir=None)


def test_cloud_image_info_lists_the_region_and_warns_about_an_unknown_one():
    api = CloudImageApi()
    result, module = info(CloudImageInfo, api, **with_defaults(CLOUD_INFO, image_type="private", support_xen=True))
    assert api.calls == [("LIST", "/v1/cloudimages/cn-north-4", {"__imagetype": "private", "__support_xen": True})]
    assert result["images"][0]["os_bit"] == "64" and result["images"][0]["image_type"] == "private"
    result, module = info(CloudImageInfo, api, **with_defaults(CLOUD_INFO, region="mars/1"))
    assert result["images"] == [] and api.calls[-1][1] == "/v1/cloudimages/mars%2F1"
    assert module.warnings and "it is not a region IEC-IMS serves" in module.warnings[0]


def test_a_job_id_answered_as_related_job_id_is_retried_too():
    # The seed's example answer and Terraform's golangsdk call the field related_job_id (the seed's tables and
    # the SDK relation_job_id): the retry must find the job under either name.
    api = ImageApi()
    run(api, ims_image_id="fail-me", region="cn-north-4")
    image = api.images["img-1"]
    image["related_job_id"] = image.pop("relation_job_id")
    outcome, result, _unused = run(api, ims_image_id="fail-me", region="cn-north-4", retry=True)
    assert outcome == "ok", result["msg"]
    assert api.mutating()[-1] == ("POST", "/v1/d0/jobs/job-1/action", {"action": "retry"})
    assert result["image"]["relation_job_id"] == "job-1"
