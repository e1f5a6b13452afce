"""Shared bandwidths (seed 4.13). They are created by create_public_ip (there is no create API);
shared-bandwidth types come from the site catalog.

Public API:
    COLL, DEFAULT_SIZE
    new_bandwidth(ctx, site_id, pool, bandwidth_type="share")   a new bandwidth on a line (quota checked)
    latest(store, site_id, pool, bandwidth_type)   the most recent bandwidth of the type on the line, or None
    require(store, bandwidth_id)        the bandwidth, or IEC.020811
    require_usable(store, bandwidth_id) the bandwidth, or IEC.020811 / IEC.020810 (frozen)
    find(store, site_id)
    update(ctx, rec, name, size, size_given)
    delete(store, rec)
    add_publicip(bw, publicip, pool_id) / remove_publicip(bw, publicip_id)   its publicip_info
"""
from ..errors import api_error
from ..quotas import usage
from .network import timestamp_ms

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


def latest(store, site_id, pool, bandwidth_type):
    """Seed 4.14.2: without a bandwidth id, IEC uses the most recent bandwidth of the type on the line."""
    same = [b for b in store.all(COLL)
            if b["site_id"] == site_id and b["pool_id"] == pool["pool_id"] and b["bandwidth_type"] == bandwidth_type]
    return same[-1] if same else None


def require(store, bandwidth_id):
    return store.require(COLL, bandwidth_id, api_error("IEC.020811"))


def require_usable(store, bandwidth_id):
    bw = require(store, bandwidth_id)
    if bw.get("status") == "FREEZED":
        raise api_error("IEC.020810")
    return bw


def find(store, site_id=None):
    return [b for b in store.all(COLL) if not site_id or b["site_id"] == site_id]


def update(ctx, rec, name=None, size=None, size_given=False):
    if rec["status"] == "FREEZED":
        raise api_error("IEC.020810")
    if size_given and size is None:
        raise api_error("IEC.020819")
    if name:
        rec["name"] = name
    if size is not None:
        rec["size"] = size
    rec["update_time"] = timestamp_ms(ctx.now())
    ctx.store.touch()
    return rec


def delete(store, rec):
    if rec["status"] == "FREEZED":
        raise api_error("IEC.020810")
    if rec["publicip_info"]:
        # Seed 4.13.4: remove the bandwidth's public IPs first.
        raise api_error("IEC.000007", "the bandwidth still carries public IPs")
    if any(p.get("ipv6_bandwidth_id") == rec["id"] for p in store.all("ports")):
        raise api_error("IEC.000007", "the bandwidth is attached to a virtual IP")
    store.delete(COLL, rec["id"])


def add_publicip(bw, publicip, pool_id):
    bw["publicip_info"].append({"publicip_id": publicip["id"], "publicip_address": publicip["public_ip_address"],
                                "publicip_type": pool_id, "ip_version": 4})


def remove_publicip(bw, publicip_id):
    bw["publicip_info"] = [i for i in bw["publicip_info"] if i["publicip_id"] != publicip_id]
