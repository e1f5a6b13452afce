# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The seed's input constraints of the network resources (VPC, subnet, route table, port, public IP, network
ACL) and of images, and the forms their listed items are compared in.

Each *_problem function takes what the user wrote and answers why it breaks a rule of the seed, as one
sentence a person can act on, or None. They send no request: modules call them from their validate() hook
(or, for the checks that need a resource already read, from create_body() or inspect()), and refuse()
fails a task with the first problem found. Nothing here depends on the resource engine.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import re

from ansible_collections.huaweicloud.iec.plugins.module_utils.normalize import cidr, ip_address, ip_list, name_problem
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import dig, wait_argument_spec

PRIVATE_BLOCKS = tuple(ipaddress.ip_network(b) for b in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))
ROUTE_TABLE_NAME_RE = re.compile(u"^[-_.0-9A-Za-z\u4e00-\u9fa5]{1,64}$")
ROUTE_KEYS = ("type", "destination", "nexthop", "description")
# Image names as seed 4.15.6 states them (ImageInfo.name); 4.15.2 gives none of its own.
IMAGE_NAME_RE = re.compile(u"^[\u4e00-\u9fa5A-Za-z0-9_.-]([\u4e00-\u9fa5A-Za-z0-9_. -]{0,126}[\u4e00-\u9fa5A-Za-z0-9_.-])?$")
MAC_RE = re.compile(r"^[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}$")
RULE_FIELDS = ("name", "description", "enabled", "action", "protocol", "ip_version", "source_ip_address",
               "source_port", "destination_ip_address", "destination_port")
POLICIES = {"inbound_rules": "ingress_firewall_policy", "outbound_rules": "egress_firewall_policy"}
ACL_NAME_RE = re.compile(u"^[-_0-9A-Za-z\u4e00-\u9fa5]{1,64}$")


def state_argument_spec(default_wait_timeout=None, **options):
    """The options of a state module: id, its own options, state, and wait and wait_timeout (by default
    default_wait_timeout seconds) when default_wait_timeout is given."""
    spec = dict(id=dict(type="str"), **options)
    spec["state"] = dict(type="str", choices=["present", "absent"], default="present")
    if default_wait_timeout:
        spec.update(wait_argument_spec(default_wait_timeout))
    return spec


def refuse(engine, *problems):
    """Fail the task with the first of the problems that is not None; do nothing when all are None."""
    for problem in problems:
        if problem:
            engine.fail(problem)


def ids_of(items):
    """The ids of a list of objects with an id, or of ids (IEC answers either for the subnets of a route table
    or network ACL); None and [] both give []."""
    return [item.get("id") if isinstance(item, dict) else item for item in items or []]


def is_ipv6(address):
    try:
        return ipaddress.ip_address(u"%s" % address).version == 6
    except ValueError:
        return False


# --- VPC and subnet ---------------------------------------------------------------------------------

def vpc_cidr_problem(value, mode):
    """Why a VPC range breaks the seed's rule (4.7.2), or None (also when no range is given)."""
    if value is None:
        return None
    try:
        network = ipaddress.ip_network(value, strict=False)
    except ValueError:
        return "cidr '%s' is not a CIDR such as 192.168.0.0/16." % value
    if network.version != 4:
        return "cidr '%s' is IPv6; a VPC range is IPv4." % value
    if str(network) != value:
        return "cidr '%s' has host bits set; write its network address, %s." % (value, network)
    block = next((b for b in PRIVATE_BLOCKS if network.subnet_of(b)), None)
    if block is None:
        return "cidr %s is outside the private ranges IEC accepts: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16." % value
    longest = 16 if mode == "SYSTEM" else 24
    if network.prefixlen > longest:
        return "cidr %s is too small: %sthe prefix may be at most /%d." % (
            value, "in SYSTEM mode " if mode == "SYSTEM" else "", longest)
    return None


def subnet_problems(params):
    """Why the options break the seed's rules for subnets (4.8.2, 4.8.4), as one sentence, or None."""
    problem = name_problem("name", params.get("name"))
    if problem:
        return problem
    network = None
    if params.get("cidr") is not None:
        try:
            network = ipaddress.ip_network(params["cidr"], strict=False)
        except ValueError:
            return "cidr '%s' is not a CIDR such as 192.168.1.0/24." % params["cidr"]
        if network.version != 4:
            return "cidr '%s' is IPv6; give an IPv4 range and use ipv6_enable for IPv6." % params["cidr"]
        if str(network) != params["cidr"]:
            return "cidr '%s' has host bits set; write its network address, %s." % (params["cidr"], network)
        if network.prefixlen > 28:
            return "cidr %s is too small: the prefix may be at most /28." % params["cidr"]
    for option in ("gateway_ip", "primary_dns", "secondary_dns"):
        value = params.get(option)
        if value is None:
            continue
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            return "%s '%s' is not an IP address." % (option, value)
        if address.version != 4:
            return "%s '%s' is IPv6; IEC takes IPv4 addresses here." % (option, value)
    for value in params.get("dns_list") or []:
        try:
            if ipaddress.ip_address(value).version != 4:
                return "dns_list holds the IPv6 address '%s'; IEC takes IPv4 DNS servers only." % value
        except ValueError:
            return "dns_list holds '%s', which is not an IP address." % value
    if network is not None and params.get("gateway_ip") is not None:
        gateway = ipaddress.ip_address(params["gateway_ip"])
        if gateway not in network or gateway in (network.network_address, network.broadcast_address):
            return "gateway_ip %s must be a host address of cidr %s." % (params["gateway_ip"], network)
    if params.get("dns_list") is not None:
        listed = ip_list(params["dns_list"])
        left_out = [o for o in ("primary_dns", "secondary_dns")
                    if params.get(o) is not None and ip_address(params[o]) not in listed]
        if left_out:
            return "dns_list must contain %s (%s) as well (IEC.020010)." % (
                " and ".join(left_out), ", ".join(params[o] for o in left_out))
    if params.get("ipv6_enable") and not params.get("pool_id"):
        return "ipv6_enable: true needs pool_id, the ID of an IPv6 line of the subnet's site."
    return None


def subnet_vpc_problem(value, vpc):
    """Why a subnet with the range value cannot be created in the VPC (as read), or None."""
    if vpc.get("mode") == "SYSTEM":
        return ("VPC '%s' is in SYSTEM mode: IEC creates the subnets it needs itself and lets nobody create, "
                "change or delete them (IEC.020107). Use a CUSTOMER-mode VPC for subnets of your own."
                % vpc.get("name"))
    if vpc.get("cidr") and not ipaddress.ip_network(value).subnet_of(ipaddress.ip_network(vpc["cidr"], strict=False)):
        return "cidr %s is outside the range of VPC '%s', %s." % (value, vpc.get("name"), vpc["cidr"])
    return None


# --- route table ------------------------------------------------------------------------------------

def description_problem(description, where=None):
    """A route table's or route's description: at most 255 characters, without '<' or '>'."""
    if description is not None and (len(description) > 255 or "<" in description or ">" in description):
        return "%sdescription must be at most 255 characters, without '<' or '>'." % (where + ": " if where else "")
    return None


def route_table_problem(params):
    if params["name"] is not None and not ROUTE_TABLE_NAME_RE.match(params["name"]):
        return "name must be 1 to 64 letters, digits, Chinese characters, '-', '_' or '.'; got '%s'." % params["name"]
    return description_problem(params["description"])


def route(item):
    """A route as both sides are compared: destination as a network, a virtual IP's address in one spelling."""
    kind = (item.get("type") or "").lower()
    nexthop = item.get("nexthop")
    return dict(type=kind, destination=cidr(item.get("destination")),
                nexthop=ip_address(nexthop) if kind == "vip" else nexthop, description=item.get("description"))


def check_route(index, item):
    where = "routes[%d]" % index
    try:
        ipaddress.ip_network(u"%s" % item["destination"], strict=False)
    except ValueError:
        return "%s: destination '%s' is not a CIDR." % (where, item["destination"])
    if item["type"] == "vip":
        try:
            ipaddress.ip_address(u"%s" % item["nexthop"])
        except ValueError:
            return "%s: a vip route's nexthop is the virtual IP's address; '%s' is not an IP address." % (
                where, item["nexthop"])
    return description_problem(item.get("description"), where)


def route_body(item, keys=ROUTE_KEYS):
    return dict((k, item[k]) for k in keys if item.get(k) is not None)


# --- image ------------------------------------------------------------------------------------------

def image_problem(params):
    if params["name"] is not None and not IMAGE_NAME_RE.match(params["name"]):
        return ("name must be 1 to 128 letters, digits, spaces, '-', '.' or '_', neither starting nor ending "
                "with a space; got '%s'." % params["name"])
    if params["ims_image_id"] is not None and not 1 <= len(params["ims_image_id"]) <= 36:
        return "ims_image_id must be 1 to 36 characters; it has %d." % len(params["ims_image_id"])
    return None


def job_of(image):
    """The id of the job building the image. The seed's tables (4.15) and the SDK call it relation_job_id, the
    seed's example answer and Terraform's golangsdk (EdgeImageInfo) related_job_id: either is read."""
    return (image or {}).get("relation_job_id") or (image or {}).get("related_job_id")


def killed(image):
    return "its job %s failed; set retry: true to run it again, or state: absent to delete it" % job_of(image)


def source_instance(value):
    """The instance id of an image's data_source ('instance:<id>'), or the id itself."""
    if value and value.startswith("instance:"):
        return value[len("instance:"):]
    return value


def ims_source_matches(source, image_id, region):
    """Whether an image's data_source, 'ims:<IMS image id>:<region>', names that IMS image in that region
    (or in no region)."""
    prefix = "ims:%s:" % image_id
    return (source or "").startswith(prefix) and (source or "")[len(prefix):] in ("", region)


def planned_image(body):
    """The image a create body (an image to make of an instance, or an IMS image to register) would be, as far
    as it is known before IEC answers; None for anything else."""
    if "instance_id" in body:
        return {"id": body.get("id"), "name": body["name"], "data_source": "instance:%s" % body["instance_id"]}
    if "region_id" in body:
        return {"id": body.get("id"), "data_source": "ims:%s:%s" % (body["image_id"], body["region_id"])}
    return None


# --- port -------------------------------------------------------------------------------------------

def port_problem(params):
    """The port's own options: a way to find it, its fixed IP, and a bandwidth only for an IPv6 port."""
    if not params["id"] and not (params["subnet"] and params["ip_address"]):
        return "Give subnet and ip_address (the port's fixed IP) together to find the port, or its id."
    if params["ip_address"] is None:
        return None
    try:
        address = ipaddress.ip_address(u"%s" % params["ip_address"])
    except ValueError:
        return "ip_address '%s' is not an IP address." % params["ip_address"]
    if params["ipv6_bandwidth"] and address.version != 6:
        return ("ipv6_bandwidth needs an IPv6 port, and %s is IPv4 (IEC.020613); IPv4 addresses reach the "
                "internet through a public IP (huaweicloud.iec.public_ip)." % params["ip_address"])
    return None


def port_address_problem(value, subnet):
    """Why the fixed IP cannot be had in the subnet (IEC.020618), from the subnet already listed."""
    address = ipaddress.ip_address(u"%s" % value)
    name = subnet.get("name") or subnet.get("id")
    if address.version == 6:
        if not subnet.get("ipv6_enable") or not subnet.get("cidr_v6"):
            return ("ip_address %s is IPv6, but subnet '%s' has no IPv6 range; turn IPv6 on with "
                    "huaweicloud.iec.subnet (ipv6_enable)." % (address, name))
        network = ipaddress.ip_network(u"%s" % subnet["cidr_v6"], strict=False)
        gateway = subnet.get("gateway_ip_v6")
    else:
        if not subnet.get("cidr"):
            return None
        network = ipaddress.ip_network(u"%s" % subnet["cidr"], strict=False)
        gateway = subnet.get("gateway_ip")
    if address not in network:
        return "ip_address %s is outside subnet '%s', %s (IEC.020618)." % (address, name, network)
    if address in (network.network_address, network.broadcast_address) or (
            gateway and address == ipaddress.ip_address(u"%s" % gateway)):
        return ("ip_address %s is the network, broadcast or gateway address of subnet '%s' (IEC.020618)."
                % (address, name))
    return None


def port_addressing(port):
    """A port's subnet and its one fixed IP as subnet_id and ip_address, unless the port has them already.

    A port's network_id is the IEC subnet id (a subnet's id equals its neutron_network_id, seed 4.8 examples);
    its fixed_ips[].subnet_id is the subnet's neutron_subnet_id (seed 4.9 examples; Terraform's iec_vip sends
    NeutronSubnetID there and reads its subnet_id back from network_id)."""
    fixed = (port.get("fixed_ips") or [{}])[0]
    return {"subnet_id": port.get("subnet_id", port.get("network_id")),
            "ip_address": port.get("ip_address", fixed.get("ip_address"))}


def flatten(port):
    """The port (an answer with its fixed_ips) with port_addressing() also top-level, to find and compare it by."""
    if isinstance(port, dict) and "fixed_ips" in port:
        port.update(port_addressing(port))
    return port


def neutron_subnet_of(subnet, address):
    """The Neutron subnet id IEC expects in fixed_ips[].subnet_id for an address of the subnet."""
    if is_ipv6(address) and subnet.get("neutron_subnet_id_v6"):
        return subnet["neutron_subnet_id_v6"]
    return subnet.get("neutron_subnet_id")


def fixed_ips_filter(address):
    """The list API's fixed_ips filter on the address (a repeated 'field=value' query key)."""
    address = ip_address(address)
    return ["ip_address=%s" % address] if address else None


def route_table_lists(table):
    """The subnets (their ids, sorted) and routes (ROUTE_KEYS) of a route table as route_table returns them."""
    return {"subnets": sorted(ids_of(table.get("subnets"))),
            "routes": [dict((k, r.get(k)) for k in ROUTE_KEYS) for r in table.get("routes") or []]}


def listed_route_table_lists(table):
    """route_table_lists() as route_table_info returns them: each list only when the answer holds it (a table
    read by id); a list answer holds neither."""
    return dict((k, v) for k, v in route_table_lists(table).items() if k in table)


def with_routes(engine, table):
    """A route table read by id, with its routes (IEC answers them apart); the 'local' route IEC adds is left out.
    The on_read() of route_table and route_table_info."""
    answer = engine.client.get(engine.item_url(table["id"], "{path}/{id}/routes"))
    table["routes"] = [r for r in answer.get("routes") or [] if r.get("type") != "local"]
    return table


def port_view(port):
    """What port and port_info return beyond the answer's fields: port_addressing(), its security groups sorted,
    its allowed address pairs as written, and its IPv6 bandwidth ('' for none)."""
    return dict(port_addressing(port),
                security_groups=sorted(port.get("security_groups") or []),
                allowed_address_pairs=[dict(ip_address=p.get("ip_address"), mac_address=p.get("mac_address"))
                                       for p in port.get("allowed_address_pairs") or []],
                ipv6_bandwidth_id=port.get("ipv6_bandwidth_id") or "")


def pair_address(value):
    """An allowed address as compared: a host route written as a bare address; a CIDR keeps its host bits
    (1.1.1.1/0 turns off the source/destination check, which 0.0.0.0/0 would not mean)."""
    try:
        interface = ipaddress.ip_interface(u"%s" % value)
    except ValueError:
        return value
    if interface.network.prefixlen == interface.max_prefixlen:
        return str(interface.ip)
    return str(interface)


def address_pair(pair):
    mac = pair.get("mac_address")
    return dict(ip_address=pair_address(pair.get("ip_address")),
                mac_address=mac.lower().replace("-", ":") if mac else None)


def pair_problem(index, pair):
    where = "allowed_address_pairs[%d]" % index
    try:
        interface = ipaddress.ip_interface(u"%s" % pair["ip_address"])
    except ValueError:
        return "%s: ip_address '%s' is neither an IP address nor a CIDR." % (where, pair["ip_address"])
    if interface.version == 4 and int(interface.ip) == 0 and interface.network.prefixlen == 0:
        return ("%s: ip_address 0.0.0.0/0 is not allowed (IEC.020608); to turn off the source and destination "
                "check of an instance NIC, use 1.1.1.1/0." % where)
    if pair.get("mac_address") is not None and not MAC_RE.match(pair["mac_address"]):
        return "%s: mac_address '%s' is not a MAC address such as fa:16:3e:2d:3f:61." % (where, pair["mac_address"])
    return None


# --- public IP --------------------------------------------------------------------------------------

def public_ip_problem(params):
    if not (params["id"] or params["public_ip_address"] or params["port"]):
        return ("Give port (the public IP bound to it is managed, and created when there is none), or the "
                "public IP's id or public_ip_address.")
    if params["public_ip_address"] is not None:
        try:
            ipaddress.IPv4Address(u"%s" % params["public_ip_address"])
        except ValueError:
            return "public_ip_address '%s' is not an IPv4 address; IEC public IPs are IPv4." % params["public_ip_address"]
    return None


def public_ip_site_problem(params, site_id, port_site):
    """Why a public IP cannot be created at site_id (the site option) bound to a port at port_site, or None."""
    if site_id and port_site and port_site != site_id:
        return ("Port %s is at another site than %s; a public IP binds only to a port at its own site "
                "(IEC.020707)." % (params["port"], params["site"]))
    if not (site_id or port_site):
        return "site is needed to create a public IP (or port, to create it at the port's site)."
    return None


def bandwidth_line_problem(name, bandwidth, body):
    """Why the bandwidth (as listed) cannot carry a public IP created with body (site_id, type), or None."""
    if bandwidth.get("site_id") and bandwidth["site_id"] != body["site_id"]:
        return ("Bandwidth '%s' is at another site than the public IP; choose one of its site "
                "(huaweicloud.iec.bandwidth_info)." % name)
    if body.get("type") and bandwidth.get("pool_id") and bandwidth["pool_id"] != body["type"]:
        return "Bandwidth '%s' is on line %s, not %s." % (name, bandwidth["pool_id"], body["type"])
    return None


def site_line_problem(site, site_id, line):
    """Why the site (as listed) has no IPv4 line line (IEC.020711), or None; a site without lines listed says
    nothing."""
    lines = [p.get("pool_id") for p in site.get("pools") or [] if str(p.get("ip_version")) == "4"]
    if lines and line not in lines:
        return "Site '%s' has no IPv4 line '%s'; its lines are %s (IEC.020711)." % (
            site.get("name") or site_id, line, ", ".join(lines))
    return None


# --- network ACL ------------------------------------------------------------------------------------

def acl_problem(params):
    if params["name"] is not None and not ACL_NAME_RE.match(params["name"]):
        return "name must be 1 to 64 letters, digits, Chinese characters, '-' or '_'; got '%s'." % params["name"]
    if params["description"] is not None and len(params["description"]) > 64:
        return "description must be at most 64 characters long; it has %d." % len(params["description"])
    return None


def acl_lists(acl):
    """The subnets, rules and policy ids of a network ACL as network_acl and network_acl_info return them; the
    rules of a planned ACL (check mode) are the lists its create plan holds."""
    out = {"subnets": sorted(ids_of(acl.get("subnets")))}
    for option, policy in POLICIES.items():
        rules = acl[option] if option in acl else dig(acl, policy + ".firewall_rules") or []
        out[option] = [dict((k, r.get(k)) for k in ("id",) + RULE_FIELDS) for r in rules]
        out[policy.split("_", 1)[0] + "_policy_id"] = dig(acl, policy + ".id")
    return out


def acl_port(value):
    """'' for any port; '80'; '80-90'; '80-80' is '80'."""
    if value is None or str(value).strip() in ("", "any", "1-65535"):
        return ""
    parts = [p.strip() for p in str(value).split("-")]
    if len(parts) == 2 and parts[0] == parts[1]:
        return parts[0]
    return "-".join(parts)


def acl_address(value, ip_version):
    if value in (None, ""):
        return "::/0" if int(ip_version or 4) == 6 else "0.0.0.0/0"
    return cidr(value)


def acl_rule(rule):
    """A network ACL rule in the form both sides are compared in; fields the user left unset stay None."""
    version = int(rule.get("ip_version") or 4)
    out = dict(
        id=rule.get("id"),
        name=rule.get("name"),
        description=rule.get("description"),
        enabled=rule.get("enabled"),
        action=(rule.get("action") or "").lower() or None,
        protocol=(rule.get("protocol") or "any").lower(),
        ip_version=version,
        source_ip_address=acl_address(rule.get("source_ip_address"), version),
        source_port=acl_port(rule.get("source_port")),
        destination_ip_address=acl_address(rule.get("destination_ip_address"), version),
        destination_port=acl_port(rule.get("destination_port")),
    )
    return out


def acl_rule_key(rule):
    return (rule["protocol"], rule["ip_version"], rule["source_ip_address"], rule["source_port"],
            rule["destination_ip_address"], rule["destination_port"])


def check_rule(option, index, rule):
    """A sentence saying what is wrong with one rule the user wrote, or None."""
    where = "%s[%d]" % (option, index)
    version = rule["ip_version"]
    if rule["protocol"] == "icmp" and version != 4:
        return "%s: protocol icmp needs ip_version 4; use icmpv6 for IPv6." % where
    if rule["protocol"] == "icmpv6" and version != 6:
        return "%s: protocol icmpv6 needs ip_version 6." % where
    for field in ("source_port", "destination_port"):
        value = rule.get(field)
        if value in (None, ""):
            continue
        if rule["protocol"] not in ("tcp", "udp"):
            return "%s: %s needs protocol tcp or udp; with %s there are no ports." % (where, field, rule["protocol"])
        match = re.match(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$", str(value))
        low, high = (int(match.group(1)), int(match.group(2) or match.group(1))) if match else (None, None)
        if not match or not 1 <= low <= high <= 65535:
            return "%s: %s must be a port (1-65535) or a range such as 8000-8080, got '%s'." % (where, field, value)
    for field in ("source_ip_address", "destination_ip_address"):
        value = rule.get(field)
        if value in (None, ""):
            continue
        try:
            network = ipaddress.ip_network(u"%s" % value, strict=False)
        except ValueError:
            return "%s: %s '%s' is not a CIDR." % (where, field, value)
        if network.version != version:
            return "%s: %s '%s' is an IPv%d address, but ip_version is %d." % (
                where, field, value, network.version, version)
    for field in ("name", "description"):
        if rule.get(field) is not None and len(rule[field]) > 64:
            return "%s: %s must be at most 64 characters long; it has %d." % (where, field, len(rule[field]))
    return None
