"""Quotas: defaults per resource type (the seed 4.16.1 example), per-domain overrides from the accounts
file, and used counts computed from the store by functions each resource family registers."""
from .errors import api_error

# type -> (quota, min, max), as in the seed's list_quota example.
DEFAULTS = {
    "vpn": (50, 0, 100000), "vpc": (50, 0, 100000), "securityGroup": (250, 0, 100000),
    "subnet": (250, 0, 100000), "firewall": (100, 0, 100000), "shareBandwidth": (50, 0, 100000),
    "publicIp": (190, 0, 100000), "securityGroupRule": (10000, 0, 100000), "image": (100, 0, 500),
    "edgeclouds": (30, 0, 10000), "gigabyte": (8000, 0, 4096000), "instance": (120, 0, 20480),
    "volume": (100, 0, 100000), "vcpu": (1024, 0, 204800), "ram": (5120000, 0, 81920000),
}

USAGE = {}


def usage(qtype):
    """Register fn(store) -> int giving the used amount of a quota type."""
    def deco(fn):
        if qtype not in DEFAULTS:
            raise KeyError("unknown quota type %s" % qtype)
        USAGE[qtype] = fn
        return fn
    return deco


class Quotas:
    def __init__(self, accounts):
        self.accounts = accounts

    def limit(self, domain_id, qtype):
        return int(self.accounts.quota_overrides(domain_id).get(qtype, DEFAULTS[qtype][0]))

    def used(self, store, qtype):
        fn = USAGE.get(qtype)
        return int(fn(store)) if fn else 0

    def resources(self, store):
        out = []
        for qtype, (_default, lo, hi) in DEFAULTS.items():
            out.append({"type": qtype, "used": self.used(store, qtype), "quota": self.limit(store.domain_id, qtype),
                        "min": lo, "max": hi})
        return out

    def check(self, store, qtype, delta=1, code="IEC.010910"):
        """Raise the quota error when `delta` more units of qtype would exceed the domain's quota.

        code: IEC.010910 (compute: instances, edge clouds, vcpu, ram, volumes ...) or IEC.020401 (edge
        network resources: VPCs, subnets, security groups, ACLs, public IPs ...), as seed 7.2 assigns.
        """
        used = self.used(store, qtype)
        limit = self.limit(store.domain_id, qtype)
        if used + delta > limit:
            err = api_error(code, "%s quota %d, used %d, requested %d" % (qtype, limit, used, delta))
            raise err
