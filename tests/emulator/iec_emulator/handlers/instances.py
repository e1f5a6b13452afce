"""Edge instance operations (seed 4.2); the rules are in models/instances.py."""
import uuid

from ..errors import api_error
from ..models import instances
from ..pagination import drop_err_sites, list_body
from ..registry import Reply, handler


def job_id():
    return uuid.uuid4().hex


@handler("create_instance")
def create_instance(ctx):
    recs = instances.create(ctx, ctx.body["server"])
    return Reply(202, {"job_id": job_id(), "server_ids": [r["id"] for r in recs]})


@handler("list_instances")
def list_instances(ctx):
    q = dict(ctx.query)
    if q.get("limit") is not None and q["limit"] > 1000:
        q = dict(q, limit=1000)  # seed 4.2.1: at most 1000 instances per page
    items = instances.find(ctx.catalog, ctx.store, q)
    items = drop_err_sites(items, ctx.err_sites, site_of=lambda r: r["_meta"]["site_id"])
    out = list_body("servers", items, q, default_limit=25, kind="page", err_sites=ctx.err_sites)
    index = instances.Index(ctx.store)
    out["servers"] = [instances.view(ctx.store, r, index) for r in out["servers"]]
    return out


@handler("show_instance")
def show_instance(ctx):
    rec = instances.require_visible(ctx.store, ctx.path["server_id"], ctx.now())
    return {"server": instances.view(ctx.store, rec)}


@handler("update_instance")
def update_instance(ctx):
    rec = instances.require(ctx.store, ctx.path["server_id"])
    b = ctx.body["server"]
    instances.update(ctx, rec, b.get("name"), b.get("description"))
    return instances.view(ctx.store, rec)


@handler("delete_instances")
def delete_instances(ctx):
    instances.delete_many(ctx, [s["id"] for s in ctx.body["servers"]])
    return Reply(202, {"job_id": job_id()})


def _server_ids(ctx, key):
    body = ctx.body or {}
    if key not in body:
        raise api_error("IEC.010210", ",".join(sorted(body)) or "(none)")
    return [s["id"] for s in (body[key] or {}).get("servers") or []]


@handler("batch_start_instance")
def batch_start_instance(ctx):
    instances.start(ctx, _server_ids(ctx, "os-start"))
    return {"jobs": [{"job_id": job_id()}]}


@handler("batch_stop_instance")
def batch_stop_instance(ctx):
    instances.stop(ctx, _server_ids(ctx, "os-stop"))
    return {"jobs": [{"job_id": job_id()}]}


@handler("batch_reboot_instance")
def batch_reboot_instance(ctx):
    spec = (ctx.body or {}).get("reboot")
    if spec is not None and not spec.get("type"):
        ctx.error("IEC.000007", "reboot.type is required (SOFT or HARD)")
    kind = (spec or {}).get("type") or "SOFT"
    instances.reboot(ctx, _server_ids(ctx, "reboot"), kind)
    return {"jobs": [{"job_id": job_id()}]}


@handler("change_os")
def change_os(ctx):
    rec = instances.require(ctx.store, ctx.path["instance_id"])
    b = ctx.body
    instances.change_os(ctx, rec, b["image_id"], b.get("key_name"), (b.get("metadata") or {}).get("user_data"))
    return {"job_id": job_id()}


@handler("add_nics")
def add_nics(ctx):
    rec = instances.require(ctx.store, ctx.path["instance_id"])
    b = ctx.body
    instances.add_nics(ctx, rec, b["vpc_id"], b["security_groups"], b["nic_num"], b.get("subnet_id"))
    return {"job_id": job_id()}


@handler("delete_nics")
def delete_nics(ctx):
    rec = instances.require(ctx.store, ctx.path["instance_id"])
    instances.delete_nics(ctx, rec, [n["id"] for n in ctx.body["nics"]])
    return {"job_id": job_id()}
