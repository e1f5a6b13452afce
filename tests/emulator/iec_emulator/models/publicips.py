"""Elastic public IPs (seed 4.14): creation is asynchronous (PENDING_CREATE -> DOWN), binding to a
port through update (ACTIVE) and unbinding with an empty port_id (DOWN); release (DELETE) is asynchronous.

Public API:
    COLL
    address(state)                      the next public address
    sync_bandwidth(rec, bw)             copy the bandwidth's id, name, share type and size into the record
    refresh(store, rec)                 sync_bandwidth with the record's current bandwidth, if any
    require(store, publicip_id)         the public IP, or IEC.020706
    find(store, site_id, port_id)       public IPs matching the filters, refreshed
    create(ctx, site_id, ip_version, line, bandwidth)   bandwidth: the request's {id | bandwidth_type}
    create_for_port(ctx, site, pool, port, bw)   the public IP an instance NIC is created with (bound)
    bind(store, rec, port_id)           bind to a port, or unbind with an empty port_id
    release(ctx, rec)                   asynchronous (hook iec_publicip_gone)
    unbind_from_port(store, port_id)    unbind the public IPs of a port that goes (kept, DOWN)
    detach_in_place(eip)                unbind without marking the store changed (an instance NIC's IP kept)
    remove(store, eip)                  delete at once, off its bandwidth
"""
import ipaddress

from ..errors import api_error
from ..quotas import usage
from ..store import on_transition
from . import bandwidths
from .network import timestamp

COLL = "publicips"


@usage("publicIp")
def _used(store):
    return store.count(COLL)


def address(state):
    n = state.next_counter("publicip")
    return "122.%d.%d.%d" % (112 + (n >> 16) % 100, (n >> 8) & 0xFF, 1 + n % 254)


def require(store, publicip_id):
    return store.require(COLL, publicip_id, api_error("IEC.020706"))


def sync_bandwidth(rec, bw):
    rec.update(bandwidth_id=bw["id"], bandwidth_name=bw["name"], bandwidth_share_type=bw["share_type"],
               bandwidth_size=bw["size"])


def refresh(store, rec):
    bw = store.get(bandwidths.COLL, rec["bandwidth_id"])
    if bw:
        sync_bandwidth(rec, bw)
    return rec


def find(store, site_id=None, port_id=None):
    out = []
    for r in store.all(COLL):
        if (site_id and r["site_id"] != site_id) or (port_id and r["port_id"] != port_id):
            continue
        out.append(refresh(store, r))
    return out


def create(ctx, site_id, ip_version, line, bwreq):
    site = ctx.catalog.site(site_id)
    if site is None:
        raise api_error("IEC.020403")
    if ip_version not in (None, "", 4, "4"):
        raise api_error("IEC.020714")
    pool = ctx.catalog.pool(site_id, line, ip_version=4) if line else ctx.catalog.pool(site_id, ip_version=4)
    if pool is None:
        # A line the site does not offer is an unsupported type (IEC.020711); a site without any
        # IPv4 line has no pool to give (IEC.020713).
        raise api_error("IEC.020711" if line else "IEC.020713")
    bwreq = bwreq or {}
    ctx.quota("publicIp", code="IEC.020401")
    if bwreq.get("id"):
        bw = bandwidths.require_usable(ctx.store, bwreq["id"])
        if bw["site_id"] != site_id or bw["pool_id"] != pool["pool_id"]:
            raise api_error("IEC.020702")
    else:
        btype = bwreq.get("bandwidth_type") or "share"
        # Seed 4.14.2: without a bandwidth id, use the most recent bandwidth of the type on this line,
        # or create one.
        bw = bandwidths.latest(ctx.store, site_id, pool, btype) or bandwidths.new_bandwidth(ctx, site_id, pool, btype)
    rec = {
        "status": "PENDING_CREATE", "port_id": None, "public_ip_address": address(ctx.state), "private_ip_address": None,
        "create_time": timestamp(ctx.now()), "ip_version": 4, "site_id": site_id,
        "site_info": ctx.catalog.site_info(site_id), "operator": dict(pool["operator"]), "type": pool["pool_id"],
    }
    sync_bandwidth(rec, bw)
    ctx.store.insert(COLL, rec)
    bandwidths.add_publicip(bw, rec, pool["pool_id"])
    ctx.store.schedule(COLL, rec["id"], ctx.delay("publicip.create"), set={"status": "DOWN"})
    return rec


def create_for_port(ctx, site, pool, port, bw):
    rec = {
        "status": "PENDING_CREATE", "port_id": port["id"], "public_ip_address": address(ctx.state),
        "private_ip_address": port["fixed_ips"][0]["ip_address"], "create_time": timestamp(ctx.now()),
        "ip_version": 4, "site_id": site["id"], "site_info": ctx.catalog.site_info(site["id"]),
        "operator": dict(pool["operator"]), "type": pool["pool_id"],
    }
    sync_bandwidth(rec, bw)
    ctx.store.insert(COLL, rec)
    bandwidths.add_publicip(bw, rec, pool["pool_id"])
    ctx.store.schedule(COLL, rec["id"], ctx.delay("publicip.bind"), set={"status": "ACTIVE"})
    return rec


def _private_v4(port):
    for f in port.get("fixed_ips") or []:
        try:
            if ipaddress.ip_address(f["ip_address"]).version == 4:
                return f["ip_address"]
        except ValueError:
            continue
    return None


def bind(store, rec, port_id):
    if rec["status"] == "PENDING_CREATE":
        raise api_error("IEC.020708")
    if not port_id:
        store.update(COLL, rec["id"], port_id=None, private_ip_address=None, status="DOWN")
        return rec
    port = store.require("ports", port_id, api_error("IEC.020607"))
    if port["site_id"] != rec["site_id"]:
        raise api_error("IEC.020707")
    if any(e["id"] != rec["id"] for e in store.find(COLL, port_id=port_id)):
        raise api_error("IEC.020601")
    store.update(COLL, rec["id"], port_id=port_id, private_ip_address=_private_v4(port), status="ACTIVE")
    return rec


def release(ctx, rec):
    if rec["_meta"].get("deleting"):
        # Asked again while IEC is still releasing it: accepted, nothing more to do.
        return
    if rec["status"] == "PENDING_CREATE":
        raise api_error("IEC.020708")
    if rec.get("port_id"):
        raise api_error("IEC.020712")
    # Release is asynchronous: Terraform's iec_eip waits after its DELETE until GET no longer finds the public
    # IP; meanwhile it keeps its status and its place on its bandwidth.
    rec["_meta"]["deleting"] = True
    ctx.store.touch()
    ctx.store.schedule(COLL, rec["id"], ctx.delay("publicip.delete"), hook="iec_publicip_gone")


@on_transition("iec_publicip_gone")
def _publicip_gone(store, rec, args):
    bw = store.get(bandwidths.COLL, rec["bandwidth_id"])
    if bw:
        bandwidths.remove_publicip(bw, rec["id"])
    store.delete(COLL, rec["id"])


def unbind_from_port(store, port_id):
    for eip in store.find(COLL, port_id=port_id):
        store.update(COLL, eip["id"], port_id=None, private_ip_address=None, status="DOWN")


def detach_in_place(eip):
    eip.update(port_id=None, private_ip_address=None, status="DOWN")


def remove(store, eip):
    bw = store.get(bandwidths.COLL, eip.get("bandwidth_id"))
    if bw:
        bandwidths.remove_publicip(bw, eip["id"])
    store.delete(COLL, eip["id"])
