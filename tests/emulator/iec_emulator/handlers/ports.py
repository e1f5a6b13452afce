"""Port operations (seed 4.9); the rules are in models/ports.py."""
from ..models import ports
from ..pagination import list_body
from ..registry import handler
from ..store import public


@handler("create_port")
def create_port(ctx):
    b = ctx.body["port"]
    return {"port": public(ports.create_vip(ctx, b["network_id"], b.get("fixed_ips"), b["device_owner"]))}


@handler("list_ports")
def list_ports(ctx):
    q = ctx.query
    items = [public(p) for p in ports.find(ctx.store, {k: q.get(k) for k in ports.FILTER_FIELDS},
                                           q.get("admin_state_up"), q.get("security_groups"), q.get("fixed_ips"))]
    return list_body("ports", items, q, default_limit=1000)


@handler("show_port")
def show_port(ctx):
    return {"port": public(ports.require(ctx.store, ctx.path["port_id"]))}


@handler("update_port")
def update_port(ctx):
    rec = ports.require(ctx.store, ctx.path["port_id"])
    b = (ctx.body or {}).get("port") or {}
    ports.update(ctx.store, rec, b.get("allowed_address_pairs"), b.get("security_groups"))
    return {"port": public(rec)}


@handler("delete_port")
def delete_port(ctx):
    ports.delete(ctx.store, ports.require(ctx.store, ctx.path["port_id"]))
    return None


@handler("attach_vip_bandwidth")
def attach_vip_bandwidth(ctx):
    rec = ports.require(ctx.store, ctx.path["vport_id"])
    bw = ports.attach_bandwidth(ctx.store, rec, ctx.body["bandwidth_id"])
    return {"vport": {"port_id": rec["id"], "ipv6_bandwidth_id": bw["id"]}}


@handler("detach_vip_bandwidth")
def detach_vip_bandwidth(ctx):
    ports.detach_bandwidth(ctx.store, ports.require(ctx.store, ctx.path["vport_id"]))
    return None
