"""The two scenarios of the suite and how to check, from the emulator's lists, that exactly they exist.

* provision: the collection's own playbooks/provision.yml, driven by a vars file written here.
* fleet: tests/reliability/playbooks/fleet.yml, which composes the modules directly (VPC, security group and
  key pair once, then a subnet, a rule of the shared group and the instances of each site, one host per
  site), so that N forks work on N sites at once.
"""
import collections

import harness

SSH_RULES = [
    {"direction": "ingress", "protocol": "tcp", "port_range_min": 22, "port_range_max": 22,
     "remote_ip_prefix": "0.0.0.0/0"},
    {"direction": "ingress", "protocol": "icmp", "remote_ip_prefix": "0.0.0.0/0"},
]


class Provision:
    """One edge of provision.yml: sites [(site, cidr, count)]."""

    def __init__(self, name, sites, public_key="", private_key_file="", bandwidth=5, user_data=None):
        self.name = name
        self.sites = sites
        self.public_key = public_key
        self.private_key_file = private_key_file
        self.bandwidth = bandwidth
        self.user_data = user_data

    def vars(self):
        data = {
            "edge_name": self.name,
            "edge_mode": "instances",
            "edge_vpc_cidr": "192.168.0.0/16",
            "edge_sites": [{"site": s, "cidr": c, "count": n} for s, c, n in self.sites],
            "edge_flavor": "s6.small.1",
            "edge_image": "Ubuntu 22.04 server 64bit",
            "edge_root_volume_type": "SAS",
            "edge_root_volume_size": 40,
            "edge_bandwidth_size": self.bandwidth,
            "edge_keypair_name": self.name + "-key",
            "edge_public_key": self.public_key,
            "edge_private_key_file": self.private_key_file,
            "edge_security_rules": SSH_RULES,
        }
        return data

    def write(self, path):
        return harness.write_yaml(path, self.vars())

    def instance_names(self):
        out = []
        for site, _cidr, count in self.sites:
            out += ["%s-%s-%04d" % (self.name, site, i) for i in range(1, count + 1)]
        return sorted(out)

    def problems(self, api):
        """Everything that differs from exactly this edge: missing, duplicated, extra or unsettled resources."""
        have = api.snapshot(["vpcs", "subnets", "security_groups", "security_group_rules", "keypairs", "instances",
                             "public_ips", "volumes"])
        sites = dict((s["name"], s["id"]) for s in api.sites())
        out = []
        expect(out, "VPC", [v for v in have["vpcs"] if v["name"].startswith(self.name)], [self.name + "-vpc"])
        vpc_ids = [v["id"] for v in have["vpcs"] if v["name"] == self.name + "-vpc"]
        subnets = [s for s in have["subnets"] if s["name"].startswith(self.name)]
        expect(out, "subnet", subnets, sorted("%s-vpc-%s" % (self.name, s) for s, _c, _n in self.sites))
        for subnet in subnets:
            if subnet.get("vpc_id") not in vpc_ids:
                out.append("subnet %s is in VPC %s, not in %s" % (subnet["name"], subnet.get("vpc_id"), vpc_ids))
        groups = [g for g in have["security_groups"] if g["name"].startswith(self.name)]
        expect(out, "security group", groups, [self.name + "-sg"])
        rules = [r for r in have["security_group_rules"]
                 if r["security_group_id"] in [g["id"] for g in groups] and r["direction"] == "ingress"]
        expect(out, "ingress rule", rules, sorted(rule_key(r) for r in SSH_RULES), key=rule_key)
        expect(out, "key pair", [k for k in have["keypairs"] if k["name"].startswith(self.name)], [self.name + "-key"])
        servers = [s for s in have["instances"] if s["name"].startswith(self.name)]
        expect(out, "instance", servers, self.instance_names())
        for server in servers:
            site = server["name"][len(self.name) + 1:].rsplit("-", 1)[0]
            if server.get("status") != "ACTIVE":
                out.append("instance %s is %s" % (server["name"], server.get("status")))
            if (server.get("geolocation") or {}).get("id") != sites.get(site):
                out.append("instance %s is not at site %s" % (server["name"], site))
        total = len(servers)
        if self.bandwidth and len(have["public_ips"]) != total:
            out.append("%d public IPs for %d instances" % (len(have["public_ips"]), total))
        if len(have["volumes"]) != total:
            out.append("%d volumes for %d instances" % (len(have["volumes"]), total))
        return out


def rule_key(rule):
    # IEC stores 0.0.0.0/0 as "any" (null).
    prefix = rule.get("remote_ip_prefix") or "0.0.0.0/0"
    return "%s/%s/%s-%s/%s" % (rule.get("direction"), rule.get("protocol"), rule.get("port_range_min"),
                               rule.get("port_range_max"), prefix)


def expect(out, label, items, wanted, key=None):
    """Appends what is missing and what is there too often (or should not be there) to out."""
    key = key or (lambda item: str(item.get("name")))
    have = collections.Counter(key(i) for i in items)
    want = collections.Counter(wanted)
    for k in sorted(want):
        if have[k] < want[k]:
            out.append("%s %s is missing" % (label, k))
        elif have[k] > want[k]:
            out.append("%s %s exists %d times" % (label, k, have[k]))
    for k in sorted(set(have) - set(want)):
        out.append("%s %s should not exist (%d)" % (label, k, have[k]))


class Fleet:
    """fleet.yml over the first n sites of the emulator, `count` instances each."""

    def __init__(self, name, site_names, count=1, public_key="", bandwidth=5):
        self.name = name
        self.site_names = list(site_names)
        self.count = count
        self.public_key = public_key
        self.bandwidth = bandwidth

    def inventory(self, path):
        hosts = {}
        for i, site in enumerate(self.site_names):
            hosts["%s-%s" % (self.name, site)] = {
                "ansible_connection": "local", "fleet_site": site, "fleet_cidr": "10.%d.%d.0/24" % (i // 250, i % 250),
                "fleet_port": 10000 + i,
            }
        data = {"all": {
            "hosts": {"localhost": {"ansible_connection": "local"}},
            "children": {"sites": {"hosts": hosts}},
            "vars": {"fleet_name": self.name, "fleet_count": self.count, "fleet_public_key": self.public_key,
                     "fleet_bandwidth": self.bandwidth},
        }}
        return harness.write_yaml(path, data)

    def instance_names(self):
        # fleet.yml always gives count, so every site holds the set <base>-0001 ... <base>-<count>.
        out = []
        for site in self.site_names:
            out += ["%s-%s-%04d" % (self.name, site, i) for i in range(1, self.count + 1)]
        return sorted(out)

    def problems(self, api):
        have = api.snapshot(["vpcs", "subnets", "security_groups", "security_group_rules", "keypairs", "instances",
                             "public_ips", "volumes"])
        out = []
        expect(out, "VPC", [v for v in have["vpcs"] if v["name"].startswith(self.name)], [self.name + "-vpc"])
        expect(out, "subnet", [s for s in have["subnets"] if s["name"].startswith(self.name)],
               sorted("%s-%s" % (self.name, s) for s in self.site_names))
        groups = [g for g in have["security_groups"] if g["name"].startswith(self.name)]
        expect(out, "security group", groups, [self.name + "-sg"])
        rules = [r for r in have["security_group_rules"]
                 if r["security_group_id"] in [g["id"] for g in groups] and r["direction"] == "ingress"]
        # One rule per site, each added by its own fork to the one shared group: a lost update loses one.
        wanted = [rule_key(SSH_RULES[0])] + [
            rule_key({"direction": "ingress", "protocol": "tcp", "port_range_min": 10000 + i,
                      "port_range_max": 10000 + i, "remote_ip_prefix": "0.0.0.0/0"}) for i in range(len(self.site_names))]
        expect(out, "ingress rule", rules, sorted(wanted), key=rule_key)
        expect(out, "key pair", [k for k in have["keypairs"] if k["name"].startswith(self.name)], [self.name + "-key"])
        servers = [s for s in have["instances"] if s["name"].startswith(self.name)]
        expect(out, "instance", servers, self.instance_names())
        out += ["instance %s is %s" % (s["name"], s.get("status")) for s in servers if s.get("status") != "ACTIVE"]
        if self.bandwidth and len(have["public_ips"]) != len(servers):
            out.append("%d public IPs for %d instances" % (len(have["public_ips"]), len(servers)))
        if len(have["volumes"]) != len(servers):
            out.append("%d volumes for %d instances" % (len(have["volumes"]), len(servers)))
        return out
