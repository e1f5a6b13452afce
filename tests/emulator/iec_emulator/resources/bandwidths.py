"""Shared bandwidths (seed 4.13). They are created by create_public_ip (there is no create API);
shared-bandwidth types come from the site catalog."""
from ..errors import api_error
from ..pagination import list_body
from ..quotas import usage
from ..registry import handler
from ..store import public
from ._net import timestamp_ms

COLL = "bandwidths"
DEFAULT_SIZE = 300


@usage("shareBandwidth")
def _used(store):
    return store.count(COLL)


def new_bandwidth(ctx, site_id, pool, bandwidth_type="share"):
    ctx.quota("shareBandwidth", code="IEC.020401")
    now = timestamp_ms(ctx.now())
    n = ctx.state.next_counter("bandwidth")
    rec = {
        "name": "bandwidth-%04x" % (n & 0xFFFF), "size": DEFAULT_SIZE, "share_type": "WHOLE",
        "publicip_info": [], "bandwidth_type": bandwidth_type, "charge_mode": "95peak_plus",
        "site_id": site_id, "site_info": ctx.catalog.site_info(site_id), "status": "NORMAL",
        "create_time": now, "update_time": now, "operator": dict(pool["operator"]), "pool_id": pool["pool_id"],
    }
    return ctx.store.insert(COLL, rec)


def _get(ctx):
    return ctx.store.require(COLL, ctx.path["bandwidth_id"], api_error("IEC.020811"))


@handler("list_bandwidths")
def list_bandwidths(ctx):
    q = ctx.query
    if q.get("site_id") and ctx.catalog.site(q["site_id"]) is None:
        raise api_error("IEC.020403")
    items = [public(b) for b in ctx.store.all(COLL) if not q.get("site_id") or b["site_id"] == q["site_id"]]
    return list_body("bandwidths", items, q, default_limit=1000)


@handler("show_bandwidth")
def show_bandwidth(ctx):
    return {"bandwidth": public(_get(ctx))}


@handler("update_bandwidth")
def update_bandwidth(ctx):
    rec = _get(ctx)
    b = ctx.body["bandwidth"]
    if rec["status"] == "FREEZED":
        raise api_error("IEC.020810")
    if "size" in b and b["size"] is None:
        raise api_error("IEC.020819")
    if b.get("name"):
        rec["name"] = b["name"]
    if b.get("size") is not None:
        rec["size"] = b["size"]
    rec["update_time"] = timestamp_ms(ctx.now())
    ctx.store.touch()
    return {"bandwidth": public(rec)}


@handler("delete_bandwidth")
def delete_bandwidth(ctx):
    rec = _get(ctx)
    if rec["status"] == "FREEZED":
        raise api_error("IEC.020810")
    if rec["publicip_info"]:
        # Seed 4.13.4: remove the bandwidth's public IPs first.
        raise api_error("IEC.000007", "the bandwidth still carries public IPs")
    if any(p.get("ipv6_bandwidth_id") == rec["id"] for p in ctx.store.all("ports")):
        raise api_error("IEC.000007", "the bandwidth is attached to a virtual IP")
    ctx.store.delete(COLL, rec["id"])
    return None


@handler("list_bandwidth_types")
def list_bandwidth_types(ctx):
    q = ctx.query
    if q.get("site_id") and ctx.catalog.site(q["site_id"]) is None:
        raise api_error("IEC.020403")
    items = [t for t in ctx.catalog.bandwidth_types()
             if (not q.get("site_id") or t["site_id"] == q["site_id"])
             and (not q.get("bandwidth_type") or t["bandwidth_type"] == q["bandwidth_type"])]
    return list_body("share_bandwidth_types", items, q, default_limit=1000)
