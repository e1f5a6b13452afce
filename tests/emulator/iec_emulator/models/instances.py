"""Edge instances (seed 4.2): create, list, show, update, batch delete, start/stop/reboot, change OS,
NICs. Deployments (models/deployments.py) create their edge clouds' instances through plan()/commit() here.

Life cycle on the emulator clock (ctx.delay(operation), timing.PROFILE):
    create      BUILD -> ACTIVE after instance.create; a name containing 'fail-me' ends ERROR with a `fault`;
                GET by id answers 404 for instance.visible after the creation (eventual consistency)
    os-stop     task_state powering-off, ACTIVE -> SHUTOFF after instance.stop
    os-start    task_state powering-on, SHUTOFF -> ACTIVE after instance.start
    reboot      REBOOT (SOFT) / HARD_REBOOT -> ACTIVE after instance.reboot
    change-os   REBUILD -> ACTIVE after instance.change_os, new image (SHUTOFF instances only: IEC.010222)
    delete      task_state deleting, gone after instance.delete (404 IEC.010200) with its NIC ports, public
                IPs and disks
NICs are ports (device_owner compute:<site id>) with addresses from their subnet's CIDR; a public IP
is created per line when the request asks for bandwidth, bound to the NIC and visible in /v1/publicips.
Placement is in the seed's fields: geolocation (its id is the site id), OS-EXT-AZ:availability_zone
(the site name) and tags (area=, province=, city=, operator=, edgecloud=, resourceID=).

Public API:
    COLL, NAME_RE, PASS_SPECIALS, MAX_DATA_VOLUMES, MAX_NICS, STATES, STATUS_FILTER, UUID_RE
    check_admin_pass(pw, code) / check_user_data(data, code)   seed 4.2.2 rules
    resolve_template(ctx, option, code)   check a CreateInstanceOption / deployment Resource (no mutation)
    site_code(site), check_site(ctx, site, tmpl, code)
    FreeAddresses(store)                free addresses of subnets within one request (.free(), .next())
    check_quota(ctx, groups)            compute quotas of [(tmpl, placements)]
    plan(ctx, tmpl, placements, code, quota=True)   check that placements can be served (no mutation)
    commit(ctx, tmpl, placements, names, edgecloud=None, fail=False)   create the planned instances
    system_subnet(ctx, vpc, site)       the site's system subnet of a SYSTEM VPC, or None
    create(ctx, server)                 POST /v1/cloudservers: the server option -> the new records
    find(catalog, store, filters)       instances matching the list filters
    Index(store), view(store, rec, index=None)   the public view (addresses, security groups, volumes)
    require(store, server_id)           the instance, or IEC.010200
    require_visible(store, server_id, now)   ... also 404 until it is visible (eventual consistency)
    update(ctx, rec, name, description)
    delete_many(ctx, server_ids)        asynchronous batch deletion
    schedule_delete(ctx, rec)           start one instance's deletion (edge clouds use it)
    remove_instance(store, rec)         delete at once with its ports, public IPs and disks
    release_port(store, port, keep_eips=False)
    start(ctx, server_ids) / stop(ctx, server_ids) / reboot(ctx, server_ids, kind)
    change_os(ctx, rec, image_id, key_name, user_data)
    add_nics(ctx, rec, vpc_id, security_groups, nic_num, subnet_id)
    delete_nics(ctx, rec, nic_ids)
"""
import base64
import binascii
import hashlib
import ipaddress
import re

from ..clock import iso
from ..errors import api_error
from ..quotas import usage
from ..store import on_transition, public
from . import bandwidths, publicips, volumes
from . import subnets as subnet_model
from .images import visible_image
from .network import net, ports_of_device, used_ips
from .ports import new_port
from .security_groups import ensure_default
from .subnets import release_system_subnets
from .volumes import new_volume, volumes_of

COLL = "instances"
# Seed 4.2.2 / 4.1.1 Resource and 4.2.4: Chinese characters, letters, digits, '_', '-', '.'.
NAME_RE = re.compile(r"^[\u4e00-\u9fa5A-Za-z0-9_.\-]+$")
PASS_SPECIALS = "!@$%^-_=+[{}]:,./?"
MAX_DATA_VOLUMES = 2
MAX_NICS = 8

STATES = {
    "BUILD": {"status": "BUILD", "OS-EXT-STS:vm_state": "building", "OS-EXT-STS:power_state": 0,
              "OS-EXT-STS:task_state": "spawning"},
    "ACTIVE": {"status": "ACTIVE", "OS-EXT-STS:vm_state": "active", "OS-EXT-STS:power_state": 1,
               "OS-EXT-STS:task_state": ""},
    "SHUTOFF": {"status": "SHUTOFF", "OS-EXT-STS:vm_state": "stopped", "OS-EXT-STS:power_state": 4,
                "OS-EXT-STS:task_state": ""},
    "ERROR": {"status": "ERROR", "OS-EXT-STS:vm_state": "error", "OS-EXT-STS:power_state": 0,
              "OS-EXT-STS:task_state": ""},
    "REBOOT": {"status": "REBOOT", "OS-EXT-STS:vm_state": "active", "OS-EXT-STS:power_state": 1,
               "OS-EXT-STS:task_state": "rebooting"},
    "HARD_REBOOT": {"status": "HARD_REBOOT", "OS-EXT-STS:vm_state": "active", "OS-EXT-STS:power_state": 1,
                    "OS-EXT-STS:task_state": "rebooting_hard"},
    "REBUILD": {"status": "REBUILD", "OS-EXT-STS:vm_state": "stopped", "OS-EXT-STS:power_state": 4,
                "OS-EXT-STS:task_state": "rebuilding"},
}
# Seed 4.2.1: a status filter also matches these intermediate states.
STATUS_FILTER = {"ACTIVE": {"ACTIVE", "REBOOT", "HARD_REBOOT", "REBUILD", "MIGRATING"},
                 "SHUTOFF": {"SHUTOFF", "RESIZE", "REBUILD"}, "ERROR": {"ERROR", "REBUILD"},
                 "VERIFY_RESIZE": {"VERIFY_RESIZE", "REVERT_RESIZE"}}


# ------------------------------------------------------------------ quotas
@usage("instance")
def _used_instances(store):
    return store.count(COLL)


@usage("vcpu")
def _used_vcpu(store):
    return sum(int(r["flavor"]["vcpus"]) for r in store.all(COLL))


@usage("ram")
def _used_ram(store):
    return sum(int(r["flavor"]["ram"]) for r in store.all(COLL))


# ------------------------------------------------------------------ checks shared with deployments
def check_admin_pass(pw, code):
    """Seed 4.2.2: 8-26 characters, three of upper/lower/digit/special (!@$%^-_=+[{}]:,./?), not containing
    the user name (root / Administrator) or its reverse."""
    if not 8 <= len(pw) <= 26:
        raise api_error(code, "admin_pass must be 8 to 26 characters")
    if any(not (c.isascii() and (c.isalnum() or c in PASS_SPECIALS)) for c in pw):
        raise api_error(code, "admin_pass may only contain letters, digits and %s" % PASS_SPECIALS)
    kinds = [any(c.isupper() for c in pw), any(c.islower() for c in pw), any(c.isdigit() for c in pw),
             any(c in PASS_SPECIALS for c in pw)]
    if sum(kinds) < 3:
        raise api_error(code, "admin_pass needs three of upper case, lower case, digits and special characters")
    low = pw.lower()
    for user in ("root", "administrator"):
        if user in low or user[::-1] in low:
            raise api_error(code, "admin_pass must not contain the user name or its reverse")


def check_user_data(data, code):
    try:
        base64.b64decode(data.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise api_error(code, "user_data must be base64 encoded")
    if len(data) > 32 * 1024:
        raise api_error(code, "user_data must not exceed 32 KB once encoded")


def resolve_template(ctx, r, code):
    """Check a CreateInstanceOption / deployment Resource and return what commit() needs. No mutation."""
    if not NAME_RE.match(r["name"]):
        raise api_error("IEC.010401", 48)
    image = visible_image(ctx, r["image_ref"])
    if image is None or image["status"] != "active":
        raise api_error("IEC.010641")
    flavor = ctx.catalog.flavors_by_id.get(r["flavor_ref"])
    if flavor is None:
        raise api_error("IEC.010603")
    if r.get("admin_pass") not in (None, ""):
        check_admin_pass(r["admin_pass"], code)
    if r.get("key_name"):
        if ctx.store.get("keypairs", r["key_name"]) is None:
            raise api_error("IEC.010220", r["key_name"])
    if r.get("user_data") not in (None, ""):
        check_user_data(r["user_data"], code)
    vtypes = {v["name"] for v in ctx.catalog.volume_types}
    data_volumes = r.get("data_volumes") or []
    if len(data_volumes) > MAX_DATA_VOLUMES:
        raise api_error(code, "at most %d data volumes" % MAX_DATA_VOLUMES)
    for v in [r["root_volume"]] + data_volumes:
        if v["volume_type"] not in vtypes:
            raise api_error(code, "volume_type %s is not one of %s" % (v["volume_type"], sorted(vtypes)))
    vpc = ctx.store.require("vpcs", r["net_config"]["vpc_id"], api_error("IEC.020104"))
    sg_ids = [sg.get("id") for sg in r.get("security_groups") or [] if sg.get("id")]
    for sg in sg_ids:
        ctx.store.require("security_groups", sg, api_error("IEC.020204"))
    if r.get("bandwidth") and r["bandwidth"].get("size") is not None and not 1 <= r["bandwidth"]["size"] <= 300:
        raise api_error(code, "bandwidth.size must be 1 to 300 Mbit/s")
    pairs = list(r["net_config"].get("allowed_address_pairs") or [])
    for sn in r["net_config"].get("subnets") or []:
        pairs += sn.get("allowed_address_pairs") or []
    for pair in pairs:
        if pair["ip_address"] == "0.0.0.0/0":  # seed 4.2.2: only the IPv4 any-address is refused
            raise api_error(code, "allowed_address_pairs: ip_address 0.0.0.0/0 is not allowed")
    return {
        "name": r["name"], "with_prefix": r.get("with_prefix", True) is not False, "image": image, "flavor": flavor,
        "admin_pass": r.get("admin_pass") or "", "key_name": r.get("key_name") or "", "vpc": vpc,
        "security_groups": sg_ids, "user_data": r.get("user_data") or "", "root_volume": dict(r["root_volume"]),
        "data_volumes": [dict(v) for v in data_volumes], "bandwidth": r.get("bandwidth"),
        "allowed_address_pairs": pairs,
    }


def site_code(site):
    """IEC-<city short name><two-digit site number>: ZS01 for 'zhongshan', ZS02 for 'zhongshan-2'."""
    name = site["name"]
    n = int(name.rsplit("-", 1)[1]) if "-" in name and name.rsplit("-", 1)[1].isdigit() else 1
    return "%s%02d" % (site["city_short_name"], n)


def check_site(ctx, site, tmpl, code="IEC.010900"):
    if not ctx.catalog.site_supports_flavor(site["id"], tmpl["flavor"]["id"]):
        raise api_error("IEC.010603")
    for v in [tmpl["root_volume"]] + tmpl["data_volumes"]:
        if not ctx.catalog.site_supports_volume_type(site["id"], v["volume_type"]):
            raise api_error(code, "site %s offers no %s volumes" % (site["id"], v["volume_type"]))


class FreeAddresses:
    """Free addresses of subnets, computed once per request (a plan must know they suffice)."""

    def __init__(self, store):
        self.store = store
        self.taken = {}
        self.iters = {}

    def _taken(self, subnet):
        if subnet["id"] not in self.taken:
            self.taken[subnet["id"]] = used_ips(self.store, subnet["id"]) | {subnet.get("gateway_ip")}
            self.iters[subnet["id"]] = net(subnet["cidr"]).hosts()
        return self.taken[subnet["id"]]

    def free(self, subnet):
        """Host addresses of the subnet not taken: counted from the taken ones, not by walking the range."""
        taken = self._taken(subnet)
        block = net(subnet["cidr"])
        # What hosts() yields: IPv4 skips the network and broadcast addresses, IPv6 the network one.
        first, last = int(block.network_address), int(block.broadcast_address)
        if block.num_addresses > 2:
            first, last = first + 1, last - (block.version == 4)
        used = 0
        for address in taken:
            try:
                used += first <= int(ipaddress.ip_address(address)) <= last
            except (TypeError, ValueError):
                pass
        return last - first + 1 - used

    def next(self, subnet):
        taken = self._taken(subnet)
        for h in self.iters[subnet["id"]]:
            if str(h) not in taken:
                taken.add(str(h))
                return str(h)
        raise api_error("IEC.020617")


def check_quota(ctx, groups):
    """Quota for every instance of [(tmpl, placements)], with the seed's compute code IEC.010910."""
    totals = {"instance": 0, "vcpu": 0, "ram": 0, "volume": 0, "gigabyte": 0, "publicIp": 0}
    for tmpl, placements in groups:
        n = sum(p["count"] for p in placements)
        totals["instance"] += n
        totals["vcpu"] += n * int(tmpl["flavor"]["vcpus"])
        totals["ram"] += n * int(tmpl["flavor"]["ram"])
        totals["volume"] += n * (1 + len(tmpl["data_volumes"]))
        totals["gigabyte"] += n * (tmpl["root_volume"]["size"] + sum(v["size"] for v in tmpl["data_volumes"]))
        totals["publicIp"] += sum(p["count"] * len(p["pools"]) for p in placements)
    for qtype, delta in totals.items():
        if delta:
            ctx.quota(qtype, delta)


def plan(ctx, tmpl, placements, code, quota=True):
    """Check that placements can be served and quotas allow them. No mutation.

    placements: [{"site": site, "count": n, "subnets": [subnet...] | None (SYSTEM VPC: the site's system
    subnet, created when missing), "nic_num": k, "pools": [pool...] (lines for public IPs, [] = none),
    "bandwidth_ids": [...], "bandwidth_types": [...], "operator": name, "edgecloud": rec or None}]
    """
    total = sum(p["count"] for p in placements)
    if total < 1:
        raise api_error("IEC.010700")
    if quota:
        check_quota(ctx, [(tmpl, placements)])
    new_bw, new_subnets = set(), 0
    ips = FreeAddresses(ctx.store)
    need = {}
    for p in placements:
        check_site(ctx, p["site"], tmpl)
        for k, pool in enumerate(p["pools"]):
            if p.get("bandwidth_ids"):
                bw = ctx.store.get("bandwidths", p["bandwidth_ids"][k])
                if bw is None:
                    raise api_error("IEC.020811")
                if bw["status"] == "FREEZED":
                    raise api_error("IEC.020810")
                if bw["site_id"] != p["site"]["id"] or bw["pool_id"] != pool["pool_id"]:
                    raise api_error(code, "bandwidth %s is not on line %s" % (bw["id"], pool["pool_id"]))
            else:
                btype = (p.get("bandwidth_types") or ["share"] * len(p["pools"]))[k]
                if btype not in pool["allow_share_bandwidth_types"]:
                    raise api_error(code, "bandwidth type %s is not allowed on line %s" % (btype, pool["pool_id"]))
                if not bandwidths.latest(ctx.store, p["site"]["id"], pool, btype):
                    new_bw.add((p["site"]["id"], pool["pool_id"], btype))
        if p["subnets"] is None:
            sub = system_subnet(ctx, tmpl["vpc"], p["site"])
            if sub is None:
                new_subnets += 1
                p["_free"] = 252
            else:
                p["subnets"] = [sub] * p["nic_num"]
        for s in p["subnets"] or []:
            need[s["id"]] = need.get(s["id"], 0) + p["count"]
            if ips.free(s) < need[s["id"]]:
                raise api_error("IEC.020617")
        if p["subnets"] is None and p["count"] * p["nic_num"] > p["_free"]:
            raise api_error("IEC.020617")
    if new_bw:
        ctx.quota("shareBandwidth", len(new_bw))
    if new_subnets:
        ctx.quota("subnet", new_subnets)
        if len(_free_blocks(ctx, tmpl["vpc"], new_subnets)) < new_subnets:
            raise api_error("IEC.010900", "VPC %s has no room for %d more /24 subnets" % (tmpl["vpc"]["id"], new_subnets))
    return total


def system_subnet(ctx, vpc, site):
    for s in ctx.store.find("subnets", vpc_id=vpc["id"], site_id=site["id"]):
        if s["_meta"].get("system") and s["status"] != "ERROR":
            return s
    return None


def _free_blocks(ctx, vpc, n):
    """Up to n free /24 blocks of the VPC (one set lookup per block: fast for hundreds of sites)."""
    vnet = net(vpc["cidr"])
    if vnet.prefixlen > 24:
        return []
    small, big = set(), []
    for s in ctx.store.find("subnets", vpc_id=vpc["id"]):
        sn = net(s["cidr"])
        if sn.prefixlen >= 24:
            small.add(sn.supernet(new_prefix=24))
        else:
            big.append(sn)
    out = []
    for block in vnet.subnets(new_prefix=24):
        if block in small or any(block.overlaps(b) for b in big):
            continue
        out.append(block)
        if len(out) >= n:
            break
    return out


def _ensure_system_subnet(ctx, vpc, site):
    found = system_subnet(ctx, vpc, site)
    if found:
        return found
    block = _free_blocks(ctx, vpc, 1)[0]
    hosts = block.hosts()
    gw = str(next(hosts))
    return subnet_model.create(ctx, vpc, {"name": "subnet-%s" % site_code(site).lower(), "cidr": str(block),
                                          "gateway_ip": gw, "site_id": site["id"]}, system=True)


def _hostid(domain_id, site_id):
    return hashlib.sha224(("%s/%s" % (domain_id, site_id)).encode()).hexdigest()


def commit(ctx, tmpl, placements, names, edgecloud=None, fail=False):
    """Create the planned instances with their NICs, public IPs and disks. Returns the records.

    names(placement, i) -> the instance name (before any IEC prefix).
    """
    now = iso(ctx.now())
    sg_ids = tmpl["security_groups"] or [ensure_default(ctx.store)["id"]]
    sg_objs = [ctx.store.get("security_groups", s) for s in sg_ids]
    reservation = "r-%08x" % (ctx.state.next_counter("reservation") & 0xFFFFFFFF)
    ips = FreeAddresses(ctx.store)
    out = []
    for p in placements:
        site = p["site"]
        if p["subnets"] is None:
            p["subnets"] = [_ensure_system_subnet(ctx, tmpl["vpc"], site)] * p["nic_num"]
        pool0 = p["pools"][0] if p["pools"] else ctx.catalog.pool(site["id"], ip_version=4)
        operator = p.get("operator") or pool0["operator"]["name"]
        bws = []
        for k, pool in enumerate(p["pools"]):
            if p.get("bandwidth_ids"):
                bws.append(ctx.store.get("bandwidths", p["bandwidth_ids"][k]))
            else:
                btype = (p.get("bandwidth_types") or ["share"] * len(p["pools"]))[k]
                bw = bandwidths.latest(ctx.store, site["id"], pool, btype) or bandwidths.new_bandwidth(ctx, site["id"], pool, btype)
                size = (tmpl.get("bandwidth") or {}).get("size")
                if size and not bw["publicip_info"]:
                    bw["size"] = size
                bws.append(bw)
        host = _hostid(ctx.domain_id, site["id"])
        for i in range(p["count"]):
            base = names(p, i)
            name = "IEC-%s-%s" % (site_code(site), base) if tmpl["with_prefix"] else base
            rec = {
                "name": name, "status": "BUILD", "updated": now, "hostId": host, "addresses": {}, "created": now,
                "tags": ["__type_iec=__type_iec", "area=%s" % site["area"], "province=%s" % site["province"],
                         "city=%s" % site["city"], "operator=%s" % operator],
                "locked": False, "description": "", "tenant_id": "",
                "sys_tags": [{"key": "_sys_enterprise_project_id", "value": "0"}],
                "flavor": {"id": tmpl["flavor"]["id"], "name": tmpl["flavor"]["name"], "disk": "0",
                           "ram": str(tmpl["flavor"]["ram"]), "vcpus": str(tmpl["flavor"]["vcpus"])},
                "metadata": {"charging_mode": "0", "vpc_id": tmpl["vpc"]["id"], "EcmResStatus": "",
                             "image_name": tmpl["image"]["name"], "os_bit": "64", "lock_check_endpoint": "",
                             "lock_source": "", "lock_source_id": "", "lock_scene": "",
                             "eip_type": "5_bgp" if p["pools"] else ""},
                "security_groups": [], "progress": 0, "OS-DCF:diskConfig": "MANUAL",
                "OS-EXT-AZ:availability_zone": site["name"], "OS-SRV-USG:launched_at": "",
                "OS-SRV-USG:terminated_at": "", "OS-EXT-SRV-ATTR:root_device_name": "/dev/vda",
                "OS-EXT-SRV-ATTR:ramdisk_id": "", "OS-EXT-SRV-ATTR:kernel_id": "",
                "OS-EXT-SRV-ATTR:launch_index": i, "OS-EXT-SRV-ATTR:reservation_id": reservation,
                "OS-EXT-SRV-ATTR:hostname": name.lower().replace("_", "-").replace(".", "-"),
                "OS-EXT-SRV-ATTR:user_data": tmpl["user_data"], "OS-EXT-SRV-ATTR:host": host,
                "OS-EXT-SRV-ATTR:hypervisor_hostname": host, "os-extended-volumes:volumes_attached": [],
                "geolocation": {"id": site["id"], "area": site["area"], "city": site["city"],
                                "country": site["country"].lower(), "i18n_area": site["i18n_area"],
                                "i18n_city": site["i18n_city"], "i18n_country": site["i18n_country"],
                                "i18n_province": site["i18n_province"], "province": site["province"]},
                "edgecloud_id": edgecloud["id"] if edgecloud else "",
                "edgecloud_name": edgecloud["name"] if edgecloud else "",
                "domain_id": ctx.domain_id, "key_name": tmpl["key_name"],
                "OS-EXT-SRV-ATTR:instance_name": "instance-%08x" % ctx.state.next_counter("instance_name"),
                "_meta": {"site_id": site["id"], "image_id": tmpl["image"]["id"], "operator": operator,
                          "seq": ctx.state.next_counter("instance_seq"), "base_name": base},
            }
            rec.update(STATES["BUILD"])
            # Eventual consistency: GET /v1/cloudservers/{id} answers 404 for a while after the creation
            # (Terraform's server resource waits through it, counting 404 as a pending "DELETED").
            rec["_meta"]["visible_at"] = ctx.now() + ctx.delay("instance.visible")
            ctx.store.insert(COLL, rec)
            if edgecloud:
                rec["tags"].append("edgecloud=%s" % edgecloud["id"])
            rec["tags"].append("resourceID=%s" % rec["id"])
            ports = []
            for subnet in p["subnets"]:
                port = new_port(ctx, subnet, ips.next(subnet), "compute:%s" % site["id"], device_id=rec["id"],
                                security_groups=sg_ids, name="")
                pairs = [{"ip_address": a["ip_address"], "mac_address": a.get("mac_address") or port["mac_address"]}
                         for a in tmpl["allowed_address_pairs"]]
                port["allowed_address_pairs"] = pairs
                port["status"] = "BUILD"
                ports.append(port)
            for k, pool in enumerate(p["pools"]):
                publicips.create_for_port(ctx, site, pool, ports[k], bws[k])
            new_volume(ctx, rec, site, 0, tmpl["root_volume"]["size"], tmpl["root_volume"]["volume_type"])
            for k, v in enumerate(tmpl["data_volumes"]):
                new_volume(ctx, rec, site, k + 1, v["size"], v["volume_type"])
            failing = fail or ctx.should_fail(name)
            ctx.store.schedule(COLL, rec["id"], ctx.delay("instance.create"), hook="iec_instance_state",
                               args={"state": "ERROR" if failing else "ACTIVE", "launch": True})
            out.append(rec)
    del sg_objs
    return out


# ------------------------------------------------------------------ transitions
def _ports_of(store, server_id):
    return ports_of_device(store, server_id)


@on_transition("iec_instance_state")
def _instance_state(store, rec, args):
    state = args["state"]
    rec.update(STATES[state])
    now = store.now
    rec["updated"] = iso(now)
    if args.get("image_id"):
        rec["_meta"]["image_id"] = args["image_id"]
        rec["metadata"]["image_name"] = args.get("image_name", rec["metadata"]["image_name"])
    if state == "ERROR":
        rec["fault"] = {"code": 500, "message": args.get("message") or "Build of instance %s failed: the creation "
                        "was asked to fail (name contains 'fail-me')" % rec["id"], "created": iso(now)}
        rec["progress"] = 0
        for v in volumes_of(store, rec["id"]):
            v["status"] = "error"
        return
    rec.pop("fault", None)
    if args.get("launch"):
        rec["OS-SRV-USG:launched_at"] = iso(now)[:-1] + ".000000"
        rec["progress"] = 100
        for v in volumes_of(store, rec["id"]):
            v["status"] = "in-use"
    for port in _ports_of(store, rec["id"]):
        port["status"] = "DOWN" if state == "SHUTOFF" else "ACTIVE"


def remove_instance(store, rec):
    """Delete an instance with its NIC ports, the public IPs bound to them and its disks (seed 4.2.5).

    A system subnet (created for a SYSTEM-mode VPC) goes with its last port (release_port), so that the
    system VPC can be deleted once its edge clouds are gone (customers cannot delete system subnets)."""
    for port in _ports_of(store, rec["id"]):
        release_port(store, port)
    volumes.delete_of(store, rec["id"])
    store.delete(COLL, rec["id"])


def release_port(store, port, keep_eips=False):
    for eip in store.find(publicips.COLL, port_id=port["id"]):
        if keep_eips:
            publicips.detach_in_place(eip)
            continue
        publicips.remove(store, eip)
    store.delete("ports", port["id"])
    release_system_subnets(store, [f.get("subnet_id") for f in port.get("fixed_ips") or []])


@on_transition("iec_instance_gone")
def _instance_gone(store, rec, args):
    remove_instance(store, rec)


# ------------------------------------------------------------------ views
class Index:
    """Ports, public IPs, volumes and security groups by owner, built once per answer."""

    def __init__(self, store):
        self.ports, self.eips, self.vols = {}, {}, {}
        for p in store.all("ports"):
            self.ports.setdefault(p.get("device_id"), []).append(p)
        for e in store.all("publicips"):
            if e.get("port_id"):
                self.eips.setdefault(e["port_id"], []).append(e)
        for v in store.all("volumes"):
            self.vols.setdefault(v["_meta"]["server_id"], []).append(v)
        self.sgs = {s["id"]: s for s in store.all("security_groups")}


def view(store, rec, index=None):
    index = index or Index(store)
    out = public(rec)
    addresses = {}
    sgs = []
    for port in index.ports.get(rec["id"], []):
        entries = addresses.setdefault(rec["metadata"]["vpc_id"], [])
        for f in port["fixed_ips"]:
            version = str(ipaddress.ip_address(f["ip_address"]).version)
            entries.append({"version": version, "addr": f["ip_address"], "OS-EXT-IPS-MAC:mac_addr": port["mac_address"],
                            "OS-EXT-IPS:port_id": port["id"], "OS-EXT-IPS:type": "fixed"})
        for eip in index.eips.get(port["id"], []):
            entries.append({"version": "4", "addr": eip["public_ip_address"],
                            "OS-EXT-IPS-MAC:mac_addr": port["mac_address"], "OS-EXT-IPS:port_id": port["id"],
                            "OS-EXT-IPS:type": "floating"})
        for sg in port.get("security_groups") or []:
            if sg not in [s["id"] for s in sgs] and sg in index.sgs:
                sgs.append({"name": index.sgs[sg]["name"], "id": sg})
    out["addresses"] = addresses
    out["security_groups"] = sgs
    vols = sorted(index.vols.get(rec["id"], []), key=lambda v: v["_meta"]["index"])
    out["os-extended-volumes:volumes_attached"] = [
        {"id": v["id"], "delete_on_termination": "true", "bootIndex": str(v["_meta"]["index"]),
         "device": v["_meta"]["device"]} for v in vols]
    return out


def require(store, server_id):
    return store.require(COLL, server_id, api_error("IEC.010200"))


def require_visible(store, server_id, now):
    rec = require(store, server_id)
    if now < rec["_meta"].get("visible_at", 0):
        raise api_error("IEC.010200")
    return rec


def _deleting(rec):
    return rec["OS-EXT-STS:task_state"] == "deleting"


# ------------------------------------------------------------------ create
def create(ctx, s):
    """Create the instances of a CreateInstanceOption (seed 4.2.2): the new records."""
    code = "IEC.000007"
    tmpl = resolve_template(ctx, s, code)
    subnets = []
    for sn in s["net_config"]["subnets"]:
        sub = ctx.store.get("subnets", sn["id"])
        if sub is None or sub["vpc_id"] != tmpl["vpc"]["id"] or sub["status"] == "ERROR":
            raise api_error("IEC.020003")
        subnets.append(sub)
    if len(subnets) > MAX_NICS:
        raise api_error(code, "net_config.subnets: at most %d NICs" % MAX_NICS)
    cov = s["coverage"]
    placements, seen = [], set()
    bwc = tmpl["bandwidth"]
    for cs in cov["coverage_sites"]:
        site = ctx.catalog.site(cs["site"])
        if site is None:
            raise api_error("IEC.011010")
        if site["id"] in seen:
            raise api_error("IEC.010800", "site %s is listed twice" % site["id"])
        seen.add(site["id"])
        here = [x for x in subnets if x["site_id"] == site["id"]]
        if not here:
            raise api_error("IEC.010800", "no subnet of net_config.subnets is at site %s" % site["id"])
        demand = cs["demands"][0]
        pools = []
        if bwc:
            line_ids = demand.get("pool_ids") or ([demand["pool_id"]] if demand.get("pool_id") else [None])
            if len(line_ids) > len(here):
                raise api_error(code, "coverage pool_ids: %d lines for %d NICs" % (len(line_ids), len(here)))
            for lid in line_ids:
                pool = ctx.catalog.pool(site["id"], lid, ip_version=4) if lid else ctx.catalog.pool(site["id"], ip_version=4)
                if pool is None:
                    raise api_error("IEC.010800", "line %s is not an IPv4 line of site %s" % (lid, site["id"]))
                pools.append(pool)
            for key in ("ids", "bandwidth_types"):
                if bwc.get(key) and len(bwc[key]) != len(pools):
                    raise api_error(code, "bandwidth.%s must name one entry per line (%d)" % (key, len(pools)))
        elif demand.get("pool_ids") or demand.get("pool_id"):
            for lid in demand.get("pool_ids") or [demand["pool_id"]]:
                if ctx.catalog.pool(site["id"], lid, ip_version=4) is None:
                    raise api_error("IEC.010800", "line %s is not an IPv4 line of site %s" % (lid, site["id"]))
        placements.append({"site": site, "count": s["count"], "subnets": here, "nic_num": len(here), "pools": pools,
                           "bandwidth_ids": (bwc or {}).get("ids") or [],
                           "bandwidth_types": (bwc or {}).get("bandwidth_types") or [],
                           "operator": pools[0]["operator"]["name"] if pools else None})
    plan(ctx, tmpl, placements, code)
    count = s["count"]
    return commit(ctx, tmpl, placements, lambda p, i: s["name"] if count == 1 else "%s-%04d" % (s["name"], i + 1))


# ------------------------------------------------------------------ list, show, update
def _site_matches(site, key, want):
    return want.lower() in (site[key].lower(), site["i18n_" + key].lower())


def find(catalog, store, q):
    """Instances matching the list filters q (id, name: part of, status with its intermediate states,
    site_id, edgecloud_id, area/province/city: English or Chinese, case-insensitive)."""
    items = []
    for r in store.all(COLL):
        site = catalog.site(r["_meta"]["site_id"]) or {}
        if q.get("id") and r["id"] != q["id"]:
            continue
        if q.get("name") and q["name"] not in r["name"]:
            continue
        if q.get("status") and r["status"] not in STATUS_FILTER.get(q["status"], {q["status"]}):
            continue
        if q.get("site_id") and r["_meta"]["site_id"] != q["site_id"]:
            continue
        if q.get("edgecloud_id") and r["edgecloud_id"] != q["edgecloud_id"]:
            continue
        if any(q.get(k) and not (site and _site_matches(site, k, q[k])) for k in ("area", "province", "city")):
            continue
        items.append(r)
    return items


def update(ctx, rec, name=None, description=None):
    if name is not None and not NAME_RE.match(name):
        raise api_error("IEC.010401", 64)
    if description is not None and ("<" in description or ">" in description):
        raise api_error("IEC.010410", 85, "description contains '<' or '>'")
    if rec["status"] == "BUILD" or _deleting(rec):
        raise api_error("IEC.010406", rec["id"], rec["status"], rec["name"])
    changes = {}
    if name is not None:
        changes["name"] = name
        changes["OS-EXT-SRV-ATTR:hostname"] = name.lower().replace("_", "-").replace(".", "-")
    if description is not None:
        changes["description"] = description
    if changes:
        changes["updated"] = iso(ctx.now())
        ctx.store.update(COLL, rec["id"], **changes)
    return rec


# ------------------------------------------------------------------ delete
def _servers(ctx, ids):
    recs = []
    for sid in ids:
        rec = ctx.store.get(COLL, sid)
        if rec is None:
            raise api_error("IEC.010200")
        if rec not in recs:
            recs.append(rec)
    return recs


def schedule_delete(ctx, rec):
    ctx.store.cancel_transitions(COLL, rec["id"])
    rec["OS-EXT-STS:task_state"] = "deleting"
    rec["updated"] = iso(ctx.now())
    for v in volumes_of(ctx.store, rec["id"]):
        v["status"] = "deleting"
    ctx.store.touch()
    ctx.store.schedule(COLL, rec["id"], ctx.delay("instance.delete"), hook="iec_instance_gone")


def delete_many(ctx, server_ids):
    recs = _servers(ctx, server_ids)
    if not recs:
        raise api_error("IEC.000007", "servers must name at least one instance")
    for rec in recs:
        if rec["status"] == "BUILD":
            raise api_error("IEC.010203", rec["id"])
    for rec in recs:
        if not _deleting(rec):
            schedule_delete(ctx, rec)
    return recs


# ------------------------------------------------------------------ batch actions
def _batch(ctx, server_ids, key, allowed, transitional, final, operation, task=None):
    recs = _servers(ctx, server_ids)
    if not recs:
        raise api_error("IEC.000007", "%s.servers must name at least one instance" % key)
    for rec in recs:
        if rec["status"] not in allowed or (rec["OS-EXT-STS:task_state"] and rec["status"] != "ERROR"):
            raise api_error("IEC.010406", rec["id"], rec["status"], rec["name"])
    for rec in recs:
        ctx.store.cancel_transitions(COLL, rec["id"])
        if transitional:
            rec.update(STATES[transitional])
        if task:
            rec["OS-EXT-STS:task_state"] = task
        rec["updated"] = iso(ctx.now())
        ctx.store.touch()
        ctx.store.schedule(COLL, rec["id"], ctx.delay(operation), hook="iec_instance_state", args={"state": final})
    return recs


def start(ctx, server_ids):
    return _batch(ctx, server_ids, "os-start", {"SHUTOFF"}, None, "ACTIVE", "instance.start", task="powering-on")


def stop(ctx, server_ids):
    return _batch(ctx, server_ids, "os-stop", {"ACTIVE"}, None, "SHUTOFF", "instance.stop", task="powering-off")


def reboot(ctx, server_ids, kind="SOFT"):
    return _batch(ctx, server_ids, "reboot", {"ACTIVE"}, "REBOOT" if kind == "SOFT" else "HARD_REBOOT", "ACTIVE",
                  "instance.reboot")


# ------------------------------------------------------------------ change OS
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def change_os(ctx, rec, image_id, key_name=None, user_data=None):
    if not UUID_RE.match(image_id):
        raise api_error("IEC.010223", image_id)
    image = visible_image(ctx, image_id)
    if image is None or image["status"] != "active":
        raise api_error("IEC.010641")
    if key_name and ctx.store.get("keypairs", key_name) is None:
        raise api_error("IEC.010220", key_name)
    if user_data:
        check_user_data(user_data, "IEC.010224")
    # Seed 4.2.9: only stopped instances, or ones whose previous OS change failed, may change OS.
    if _deleting(rec) or not (rec["status"] == "SHUTOFF" and not rec["OS-EXT-STS:task_state"]
                              or rec["status"] == "ERROR" and rec["_meta"].get("rebuild_failed")):
        raise api_error("IEC.010222")
    if not volumes_of(ctx.store, rec["id"]):
        raise api_error("IEC.010222")
    ctx.store.cancel_transitions(COLL, rec["id"])
    rec.update(STATES["REBUILD"])
    rec["updated"] = iso(ctx.now())
    if key_name:
        rec["key_name"] = key_name
    if user_data:
        rec["OS-EXT-SRV-ATTR:user_data"] = user_data
    ctx.store.touch()
    ctx.store.schedule(COLL, rec["id"], ctx.delay("instance.change_os"), hook="iec_instance_state",
                       args={"state": "ACTIVE", "image_id": image["id"], "image_name": image["name"]})
    return rec


# ------------------------------------------------------------------ NICs
def add_nics(ctx, rec, vpc_id, security_groups, nic_num, subnet_id=None):
    """security_groups: [{"id": ...}] as the request names them."""
    vpc = ctx.store.require("vpcs", vpc_id, api_error("IEC.020104"))
    sg_ids = [sg["id"] for sg in security_groups]
    for sg in sg_ids:
        ctx.store.require("security_groups", sg, api_error("IEC.020204"))
    site = ctx.catalog.site(rec["_meta"]["site_id"])
    if rec["status"] == "BUILD" or _deleting(rec):
        raise api_error("IEC.010406", rec["id"], rec["status"], rec["name"])
    current = _ports_of(ctx.store, rec["id"])
    if len(current) + nic_num > MAX_NICS:
        raise api_error("IEC.000007", "an instance has at most %d NICs (%d now)" % (MAX_NICS, len(current)))
    if subnet_id:
        subnet = ctx.store.get("subnets", subnet_id)
        if subnet is None or subnet["vpc_id"] != vpc["id"] or subnet["site_id"] != site["id"]:
            raise api_error("IEC.020003")
    elif vpc["mode"] == "CUSTOMER":
        # Seed 4.2.10: subnet_id is required when the VPC is planned by the customer.
        raise api_error("IEC.000007", "subnet_id is required for a CUSTOMER-mode VPC")
    else:
        subnet = system_subnet(ctx, vpc, site)
        if subnet is None:
            ctx.quota("subnet", 1)
            if not _free_blocks(ctx, vpc, 1):
                raise api_error("IEC.020617")
    ips = FreeAddresses(ctx.store)
    if subnet is not None and ips.free(subnet) < nic_num:
        raise api_error("IEC.020617")
    if subnet is None:
        subnet = _ensure_system_subnet(ctx, vpc, site)
    for _nic in range(nic_num):
        port = new_port(ctx, subnet, ips.next(subnet), "compute:%s" % site["id"], device_id=rec["id"],
                        security_groups=sg_ids)
        port["status"] = "BUILD"
        ctx.store.schedule("ports", port["id"], ctx.delay("instance.add_nic"),
                           set={"status": "DOWN" if rec["status"] == "SHUTOFF" else "ACTIVE"})
    return rec


def delete_nics(ctx, rec, ids):
    ports = _ports_of(ctx.store, rec["id"])
    if not ids:
        raise api_error("IEC.000007", "nics must name at least one NIC")
    by_id = {p["id"]: p for p in ports}
    for nid in ids:
        if nid not in by_id:
            raise api_error("IEC.000022")
    if ports and ports[0]["id"] in ids:
        raise api_error("IEC.000007", "NIC %s is the primary NIC of the instance and cannot be removed" % ports[0]["id"])
    if rec["status"] == "BUILD" or _deleting(rec):
        raise api_error("IEC.010406", rec["id"], rec["status"], rec["name"])
    for nid in dict.fromkeys(ids):
        # The public IP of a removed NIC is kept, unbound (as deleting a port does).
        release_port(ctx.store, by_id[nid], keep_eips=True)
    return rec
