"""Edge images (seed 4.15): the catalog's public (gold) images plus each domain's private images,
registered from a central IMS image (4.15.1) or created from an instance's system disk (4.15.2).

Private images go queued -> saving -> active on the emulator clock; a creation whose name (or, for a
registration, source image id) contains 'fail-me' ends 'killed'. The job of a killed image can be
retried (4.15.7, POST /v1/{domain_id}/jobs/{job_id}/action {"action": "retry"}); the retry then
succeeds. Deleting an image marks it 'deleted' (show and delete then answer IEC.030202); deleted
images are listed only when asked for with status=deleted. Center images (4.15.6) are a deterministic
list per region of the public cloud: the gold images and two private images of the caller's domain.

Public API:
    COLL, REGIONS, EDGE_REGION, IMAGE_NAME, STRING_FILTERS, LIST_FIELDS
    visible_image(ctx, image_id)        a public image or a private one not deleted, else None
    register(ctx, image_id, region)     register a central IMS image (4.15.1): the new record
    create_from_instance(ctx, name, instance_id)   an image of an instance's system disk (4.15.2)
    find(catalog, store, filters)       public and private images matching the list filters, list fields only
    sort(items, sort_key, sort_dir)
    show(catalog, store, image_id)      a public image's view, or a private one (IEC.030201 / IEC.030202)
    delete(ctx, image_id)
    retry_job(ctx, job_id)              retry the job of a killed image (4.15.7)
    center_images(region, domain_id)    the central images of a region (4.15.6)
    find_center(region, domain_id, filters, marker, limit)
"""
import re
import uuid

from ..catalog import IMAGES, stable_id
from ..clock import iso
from ..errors import api_error
from ..quotas import usage
from ..store import on_transition, public

COLL = "images"
REGIONS = ["cn-north-4", "cn-north-1", "cn-east-3", "cn-east-2", "cn-south-1", "cn-southwest-2"]
EDGE_REGION = "region.edgecloud"
# ImageInfo.name (4.15.6): 1-128 characters, letters, digits, '-', '.', '_', spaces and Chinese, no
# leading or trailing space.
IMAGE_NAME = re.compile(r"^[\u4e00-\u9fa5A-Za-z0-9_.\-]([\u4e00-\u9fa5A-Za-z0-9_.\- ]{0,126}[\u4e00-\u9fa5A-Za-z0-9_.\-])?$")
STRING_FILTERS = ("__imagetype", "__os_type", "__support_arm", "__support_gpu_t4", "__support_kvm",
                  "__support_kvm_ascend_310", "__support_kvm_gpu_type", "__support_kvm_hi1822_hiovs",
                  "__support_amd", "id", "name", "status", "virtual_env_type", "visibility")
LIST_FIELDS = ("id", "name", "status", "disk_format", "min_disk", "min_ram", "owner", "protected", "visibility",
               "created_at", "updated_at", "self", "deleted", "virtual_env_type", "deleted_at", "relation_job_id",
               "__imagetype", "__platform", "__os_type", "__os_version", "__isregistered", "__support_kvm",
               "__support_kvm_gpu_type", "__support_kvm_ascend_310", "__support_kvm_hi1822_hiovs", "__support_arm",
               "hw_firmware_type", "data_source", "__support_gpu_t4", "__support_amd")


@usage("image")
def _used(store):
    return store.count(COLL, lambda r: r["status"] != "deleted")


def visible_image(ctx, image_id):
    """A public image, or one of the caller's private images that is not deleted (any status)."""
    img = ctx.catalog.images_by_id.get(image_id)
    if img is not None:
        return img
    rec = ctx.store.get(COLL, image_id)
    if rec is not None and rec["status"] != "deleted":
        return rec
    return None


def _job_id():
    return uuid.uuid4().hex


def _private_image(ctx, name, source, data_source, origin=None):
    now = iso(ctx.now())
    job = _job_id()
    rec = {
        "name": name, "status": "queued", "disk_format": "zvhd2", "min_disk": source.get("min_disk", 40),
        "min_ram": 0, "owner": ctx.domain_id, "protected": False, "visibility": "private",
        "created_at": now, "updated_at": now, "deleted": False, "virtual_env_type": "FusionCompute",
        "deleted_at": "", "relation_job_id": job, "__imagetype": "private",
        "__platform": source.get("__platform", "Other"), "__os_type": source.get("__os_type", "Other"),
        "__os_version": source.get("__os_version", ""), "__isregistered": True,
        "__support_kvm": source.get("__support_kvm", "true"), "__support_kvm_gpu_type": "",
        "__support_kvm_ascend_310": "", "__support_kvm_hi1822_hiovs": "", "__support_arm": "false",
        "hw_firmware_type": source.get("hw_firmware_type", "bios"), "data_source": data_source,
        "__support_gpu_t4": source.get("__support_gpu_t4", "true"), "__support_amd": "false",
        "origin_region_info": origin or {"region_id": "", "image_id": ""},
        "edge_region_info": [],
        "_meta": {"fail": False},
    }
    ctx.store.insert(COLL, rec)
    rec["self"] = "/v1/images/%s" % rec["id"]
    return rec


def _start_job(ctx, rec, fail):
    """queued -> saving (half way) -> active | killed (after ctx.delay("image.create"))."""
    d = ctx.delay("image.create")
    rec["_meta"]["fail"] = fail
    ctx.store.cancel_transitions(COLL, rec["id"])
    ctx.store.schedule(COLL, rec["id"], d / 2.0, hook="iec_image_state", args={"status": "saving"})
    ctx.store.schedule(COLL, rec["id"], d, hook="iec_image_state", args={"status": "killed" if fail else "active"})


@on_transition("iec_image_state")
def _image_state(store, rec, args):
    rec["status"] = args["status"]
    rec["updated_at"] = iso(store.now)
    if args["status"] == "active":
        rec["edge_region_info"] = [{"region_id": EDGE_REGION, "image_id": rec["id"]}]


def _listable(rec):
    return {k: rec.get(k) for k in LIST_FIELDS}


def _matches(rec, q):
    for key in STRING_FILTERS:
        want = q.get(key)
        if want not in (None, "") and str(rec.get(key)).lower() != str(want).lower():
            return False
    for key in ("__isregistered", "protected"):
        want = q.get(key)
        if want not in (None, "") and str(rec.get(key)).lower() != str(want).lower():
            return False
    return True


def sort(items, sort_key=None, sort_dir=None):
    key = sort_key or "created_at"
    reverse = (sort_dir or "desc") == "desc"
    return sorted(items, key=lambda r: (str(r.get(key) or ""), r["id"]), reverse=reverse)


def register(ctx, image_id, region):
    image_id, region = image_id or "", region or ""
    if region not in REGIONS:
        raise api_error("IEC.000007", "region_id %r is not a region IEC-IMS supports (%s)" % (region, ", ".join(REGIONS)))
    source = next((i for i in center_images(region, ctx.domain_id) if i["id"] == image_id), None)
    if source is None and not ctx.should_fail(image_id):
        raise api_error("IEC.000007", "image_id %r is not an image of region %s" % (image_id, region))
    ctx.quota("image")
    src = source or {}
    rec = _private_image(ctx, src.get("name") or "ims-%s" % image_id, src, "ims:%s:%s" % (image_id, region),
                         origin={"region_id": region, "image_id": image_id})
    _start_job(ctx, rec, ctx.should_fail(image_id))
    return rec


def create_from_instance(ctx, name, instance_id):
    if not IMAGE_NAME.match(name):
        raise api_error("IEC.000007", "name must be 1-128 letters, digits, '-', '.', '_', spaces or Chinese, "
                                      "without leading or trailing space")
    server = ctx.store.require("instances", instance_id, api_error("IEC.010200"))
    if server["status"] not in ("ACTIVE", "SHUTOFF") or server["OS-EXT-STS:task_state"]:
        raise api_error("IEC.010406", server["id"], server["status"], server["name"])
    ctx.quota("image")
    source = visible_image(ctx, server["_meta"]["image_id"]) or {}
    rec = _private_image(ctx, name, source, "instance:%s" % server["id"])
    _start_job(ctx, rec, ctx.should_fail(name))
    return rec


def find(catalog, store, filters):
    """filters: the list's query (STRING_FILTERS, __isregistered, protected); deleted images only with
    status=deleted."""
    items = []
    for rec in list(catalog.images) + store.all(COLL):
        if rec["status"] == "deleted" and filters.get("status") != "deleted":
            continue
        if _matches(rec, filters):
            items.append(_listable(rec))
    return items


def _own(store, image_id):
    rec = store.get(COLL, image_id)
    if rec is None:
        raise api_error("IEC.030201")
    if rec["status"] == "deleted":
        raise api_error("IEC.030202")
    return rec


def show(catalog, store, image_id):
    img = catalog.images_by_id.get(image_id)
    if img is not None:
        out = dict(img)
        out.update(origin_region_info={"region_id": "", "image_id": ""},
                   edge_region_info=[{"region_id": EDGE_REGION, "image_id": img["id"]}])
        return out
    return public(_own(store, image_id))


def delete(ctx, image_id):
    # Only private images can be deleted; a public image id is not one of them (IEC.030201).
    rec = _own(ctx.store, image_id)
    if rec["status"] in ("queued", "saving"):
        raise api_error("IEC.000007", "image %s is still being created (%s)" % (rec["id"], rec["status"]))
    ctx.store.cancel_transitions(COLL, rec["id"])
    now = iso(ctx.now())
    ctx.store.update(COLL, rec["id"], status="deleted", deleted=True, deleted_at=now, updated_at=now)


def retry_job(ctx, job_id):
    found = ctx.store.find(COLL, relation_job_id=job_id)
    if not found:
        raise api_error("IEC.000022")
    rec = found[0]
    if rec["status"] == "deleted":
        raise api_error("IEC.030202")
    if rec["status"] == "killed":
        rec["status"] = "queued"
        rec["updated_at"] = iso(ctx.now())
        _start_job(ctx, rec, False)
    # Retrying a job that has not failed changes nothing.


# ------------------------------------------------------------------ center images (4.15.6)
def center_images(region, domain_id):
    out = []
    for name, platform, os_type, os_version, min_disk, firmware in IMAGES:
        out.append(_center(stable_id("center-image", region, name), name, "gold", "public", "", platform, os_type,
                           os_version, min_disk, firmware, True))
    for k, (platform, os_version) in enumerate((("CentOS", "CentOS 7.6 64bit"), ("Ubuntu", "Ubuntu 20.04 server 64bit"))):
        iid = stable_id("center-image", region, domain_id, k)
        out.append(_center(iid, "private-%s-%d" % (region, k + 1), "private", "private", domain_id, platform,
                           "Linux", os_version, 40, "bios", False))
    return out


def _center(iid, name, imagetype, visibility, owner, platform, os_type, os_version, min_disk, firmware, protected):
    return {
        "__backup_id": "", "__data_origin": "" if imagetype == "gold" else "file", "__description": "",
        "__image_size": "2149580800", "__image_source_type": "uds", "__imagetype": imagetype,
        "__isregistered": "true", "__originalimagename": "", "__os_bit": "64", "__os_type": os_type,
        "__os_version": os_version, "__platform": platform, "__productcode": "", "__support_kvm": "true",
        "checksum": "d41d8cd98f00b204e9800998ecf8427e", "container_format": "bare",
        "created_at": "2023-01-01T00:00:00Z", "disk_format": "zvhd2", "enterprise_project_id": "0",
        "file": "/v2/images/%s/file" % iid, "id": iid, "min_disk": min_disk, "min_ram": 0, "name": name,
        "owner": owner, "protected": protected, "schema": "/v2/schemas/image", "self": "/v2/images/%s" % iid,
        "size": 2, "status": "active", "tags": [], "updated_at": "2023-01-01T00:00:00Z",
        "virtual_env_type": "FusionCompute", "virtual_size": 0, "visibility": visibility,
        "hw_firmware_type": firmware, "__support_arm": "false", "max_ram": "", "hw_vif_multiqueue_enabled": "true",
        "__root_origin": "" if imagetype == "gold" else "file", "__sequence_num": "", "__support_amd": "false",
    }


def find_center(region, domain_id, filters, marker=None, limit=None):
    if region not in REGIONS:
        raise api_error("IEC.000022")
    q = filters
    items = []
    for rec in center_images(region, domain_id):
        if any(q.get(k) not in (None, "") and str(rec.get(k)).lower() != str(q[k]).lower()
               for k in ("__imagetype", "__isregistered", "__os_type", "__support_kvm", "id", "name", "owner",
                         "protected", "status", "virtual_env_type", "visibility")):
            continue
        if any(q.get(k) not in (None, "") and rec.get(k) != q[k]
               for k in ("__support_diskintensive", "__support_highperformance", "__support_kvm_gpu_type",
                         "__support_kvm_infiniband", "__support_largememory", "__support_xen",
                         "__support_xen_gpu_type", "__support_xen_hana")):
            continue
        items.append(rec)
    items = sort(items, q.get("sort_key"), q.get("sort_dir"))
    if marker:
        ids = [r["id"] for r in items]
        if marker not in ids:
            raise api_error("IEC.000006")
        items = items[ids.index(marker) + 1:]
    return items[:limit or 500]
