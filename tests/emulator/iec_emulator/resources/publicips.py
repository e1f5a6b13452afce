"""Elastic public IPs (seed 4.14): creation is asynchronous (PENDING_CREATE -> DOWN), binding to a
port through update (ACTIVE) and unbinding with an empty port_id (DOWN); release (DELETE) is asynchronous."""
import ipaddress

from ..errors import api_error
from ..pagination import list_body
from ..quotas import usage
from ..registry import handler
from ..store import on_transition, public
from ._net import timestamp
from .bandwidths import new_bandwidth

COLL = "publicips"


@usage("publicIp")
def _used(store):
    return store.count(COLL)


def _address(ctx):
    n = ctx.state.next_counter("publicip")
    return "122.%d.%d.%d" % (112 + (n >> 16) % 100, (n >> 8) & 0xFF, 1 + n % 254)


def _get(ctx):
    return ctx.store.require(COLL, ctx.path["publicip_id"], api_error("IEC.020706"))


def _sync_bandwidth(rec, bw):
    rec.update(bandwidth_id=bw["id"], bandwidth_name=bw["name"], bandwidth_share_type=bw["share_type"],
               bandwidth_size=bw["size"])


@handler("create_public_ip")
def create_public_ip(ctx):
    p = ctx.body["publicip"]
    site = ctx.catalog.site(p["site_id"])
    if site is None:
        raise api_error("IEC.020403")
    if p.get("ip_version") not in (None, "", 4, "4"):
        raise api_error("IEC.020714")
    pool = ctx.catalog.pool(p["site_id"], p.get("type"), ip_version=4) if p.get("type") else ctx.catalog.pool(p["site_id"], ip_version=4)
    if pool is None:
        # A line the site does not offer is an unsupported type (IEC.020711); a site without any
        # IPv4 line has no pool to give (IEC.020713).
        raise api_error("IEC.020711" if p.get("type") else "IEC.020713")
    bwreq = ctx.body.get("bandwidth") or {}
    ctx.quota("publicIp", code="IEC.020401")
    if bwreq.get("id"):
        bw = ctx.store.require("bandwidths", bwreq["id"], api_error("IEC.020811"))
        if bw["status"] == "FREEZED":
            raise api_error("IEC.020810")
        if bw["site_id"] != p["site_id"] or bw["pool_id"] != pool["pool_id"]:
            raise api_error("IEC.020702")
    else:
        btype = bwreq.get("bandwidth_type") or "share"
        # Seed 4.14.2: without a bandwidth id, use the most recent bandwidth of the type on this line,
        # or create one.
        same = [b for b in ctx.store.all("bandwidths")
                if b["site_id"] == p["site_id"] and b["pool_id"] == pool["pool_id"] and b["bandwidth_type"] == btype]
        bw = same[-1] if same else new_bandwidth(ctx, p["site_id"], pool, btype)
    rec = {
        "status": "PENDING_CREATE", "port_id": None, "public_ip_address": _address(ctx), "private_ip_address": None,
        "create_time": timestamp(ctx.now()), "ip_version": 4, "site_id": p["site_id"],
        "site_info": ctx.catalog.site_info(p["site_id"]), "operator": dict(pool["operator"]), "type": pool["pool_id"],
    }
    _sync_bandwidth(rec, bw)
    ctx.store.insert(COLL, rec)
    bw["publicip_info"].append({"publicip_id": rec["id"], "publicip_address": rec["public_ip_address"],
                                "publicip_type": pool["pool_id"], "ip_version": 4})
    ctx.store.schedule(COLL, rec["id"], ctx.delay("publicip.create"), set={"status": "DOWN"})
    return {"publicip": public(rec)}


@handler("list_public_ips")
def list_public_ips(ctx):
    q = ctx.query
    if q.get("site_id") and ctx.catalog.site(q["site_id"]) is None:
        raise api_error("IEC.020403")
    items = []
    for r in ctx.store.all(COLL):
        if (q.get("site_id") and r["site_id"] != q["site_id"]) or (q.get("port_id") and r["port_id"] != q["port_id"]):
            continue
        bw = ctx.store.get("bandwidths", r["bandwidth_id"])
        if bw:
            _sync_bandwidth(r, bw)
        items.append(public(r))
    return list_body("publicips", items, q, default_limit=1000)


@handler("show_public_ip")
def show_public_ip(ctx):
    rec = _get(ctx)
    bw = ctx.store.get("bandwidths", rec["bandwidth_id"])
    if bw:
        _sync_bandwidth(rec, bw)
    return {"publicip": public(rec)}


def _private_v4(port):
    for f in port.get("fixed_ips") or []:
        try:
            if ipaddress.ip_address(f["ip_address"]).version == 4:
                return f["ip_address"]
        except ValueError:
            continue
    return None


@handler("update_public_ip")
def update_public_ip(ctx):
    rec = _get(ctx)
    if rec["status"] == "PENDING_CREATE":
        raise api_error("IEC.020708")
    port_id = ctx.body["publicip"].get("port_id")
    if not port_id:
        ctx.store.update(COLL, rec["id"], port_id=None, private_ip_address=None, status="DOWN")
        return {"publicip": public(rec)}
    port = ctx.store.require("ports", port_id, api_error("IEC.020607"))
    if port["site_id"] != rec["site_id"]:
        raise api_error("IEC.020707")
    if any(e["id"] != rec["id"] for e in ctx.store.find(COLL, port_id=port_id)):
        raise api_error("IEC.020601")
    ctx.store.update(COLL, rec["id"], port_id=port_id, private_ip_address=_private_v4(port), status="ACTIVE")
    return {"publicip": public(rec)}


@handler("delete_public_ip")
def delete_public_ip(ctx):
    rec = _get(ctx)
    if rec["_meta"].get("deleting"):
        # Asked again while IEC is still releasing it: accepted, nothing more to do.
        return None
    if rec["status"] == "PENDING_CREATE":
        raise api_error("IEC.020708")
    if rec.get("port_id"):
        raise api_error("IEC.020712")
    # Release is asynchronous: Terraform's iec_eip waits after its DELETE until GET no longer finds the public
    # IP; meanwhile it keeps its status and its place on its bandwidth.
    rec["_meta"]["deleting"] = True
    ctx.store.touch()
    ctx.store.schedule(COLL, rec["id"], ctx.delay("publicip.delete"), hook="iec_publicip_gone")
    return None


@on_transition("iec_publicip_gone")
def _publicip_gone(store, rec, args):
    bw = store.get("bandwidths", rec["bandwidth_id"])
    if bw:
        bw["publicip_info"] = [i for i in bw["publicip_info"] if i["publicip_id"] != rec["id"]]
    store.delete(COLL, rec["id"])
