"""Edge clouds (edge services, seed 4.1.6-4.1.8), created by executing a deployment plan
(models/deployments.py). creating/updating -> inService after ctx.delay("edgecloud.create"), or failed with `fail_reason`
when any of its instances failed (names containing 'fail-me'). success_num / failed_num count its
instances that came up / failed. Deleting one (202) marks it deleting, deletes its instances with
their public IPs and disks, and removes it after the delay (then 404 IEC.010000).

Public API:
    COLL, BUSY, LIST_FIELDS
    counts(store, ec_id)                (instances up, instances failed)
    view(store, rec, fields=None)       the public view (counts, edge_regions), optionally only `fields`
    settle_later(ctx, rec)              schedule inService/failed after the delay and its instances
    require(store, ec_id)               the edge cloud, or IEC.010000
    find(store, ec_id, name)
    create(store, ec)                   insert a new edge cloud record (deployments build it)
    delete(ctx, rec)                    asynchronous: its instances go first (hook iec_edgecloud_gone)
"""
from ..clock import iso
from ..errors import api_error
from ..quotas import usage
from ..store import on_transition, public
from .instances import remove_instance, schedule_delete

COLL = "edgeclouds"
BUSY = ("creating", "scheduling", "updating", "deleting")
LIST_FIELDS = ("id", "name", "description", "coverage", "failed_num", "status", "success_num", "edge_regions")


@usage("edgeclouds")
def _used(store):
    return store.count(COLL)


def counts(store, ec_id):
    ok = failed = 0
    for r in store.find("instances", edgecloud_id=ec_id):
        if r["status"] == "ERROR":
            failed += 1
        elif r["status"] != "BUILD":
            ok += 1
    return ok, failed


def view(store, rec, fields=None):
    out = public(rec)
    out["success_num"], out["failed_num"] = counts(store, rec["id"])
    out["edge_regions"] = len({r["_meta"]["site_id"] for r in store.find("instances", edgecloud_id=rec["id"])}) \
        or rec["edge_regions"]
    if fields:
        out = {k: out.get(k) for k in fields}
    return out


def settle_later(ctx, rec):
    """The edge cloud settles after its own delay, and never before the last of its instances."""
    now = ctx.now()
    last = max([t["at"] for inst in ctx.store.find("instances", edgecloud_id=rec["id"])
                for t in inst.get("_meta", {}).get("transitions", [])] or [now])
    ctx.store.schedule(COLL, rec["id"], max(ctx.delay("edgecloud.create"), last - now), hook="iec_edgecloud_settle")


@on_transition("iec_edgecloud_settle")
def _settle(store, rec, args):
    ok, failed = counts(store, rec["id"])
    rec["update_at"] = iso(store.now)
    if failed:
        rec["status"] = "failed"
        rec["fail_reason"] = {"fail_code": "IEC.010900",
                              "fail_message": "%d of %d instances failed to be created" % (failed, ok + failed)}
    else:
        rec["status"] = "inService"
        rec["fail_reason"] = None


@on_transition("iec_edgecloud_gone")
def _gone(store, rec, args):
    for inst in store.find("instances", edgecloud_id=rec["id"]):
        remove_instance(store, inst)
    store.delete(COLL, rec["id"])


def find(store, ec_id=None, name=None):
    return [r for r in store.all(COLL) if (not ec_id or r["id"] == ec_id) and (not name or r["name"] == name)]


def require(store, ec_id):
    return store.require(COLL, ec_id, api_error("IEC.010000", ec_id))


def create(store, ec):
    return store.insert(COLL, ec)


def delete(ctx, rec):
    if rec["status"] in BUSY:
        raise api_error("IEC.010002", rec["id"])
    rec["status"] = "deleting"
    rec["update_at"] = iso(ctx.now())
    ctx.store.touch()
    for inst in ctx.store.find("instances", edgecloud_id=rec["id"]):
        if inst["OS-EXT-STS:task_state"] != "deleting":
            schedule_delete(ctx, inst)
    ctx.store.cancel_transitions(COLL, rec["id"])
    ctx.store.schedule(COLL, rec["id"], ctx.delay("edgecloud.delete"), hook="iec_edgecloud_gone")
