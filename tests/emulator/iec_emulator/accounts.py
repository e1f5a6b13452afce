"""Accounts: domains, their users, access keys and quota overrides.

--accounts FILE (YAML or JSON):
    {"domains": [{"name", "id", "users": [{"name", "password"}],
                  "access_keys": [{"ak", "sk", "security_token"?}], "quotas": {...}}]}
Without a file the emulator serves the single demo domain DEMO.
"""
import hashlib
import json

DEMO = {
    "domain_name": "iec-demo",
    "domain_id": "0d4bd3c6e7a84a3b9c1e2f3a4b5c6d7e",
    "user": "demo",
    "user_id": "a1b2c3d4e5f60718293a4b5c6d7e8f90",
    "password": "Demo-Passw0rd!",
    "ak": "IECDEMOAK00000000001",
    "sk": "IecDemoSecretKey0000000000000000000000001",
}


def demo_accounts_doc():
    return {"domains": [{
        "name": DEMO["domain_name"], "id": DEMO["domain_id"],
        "users": [{"name": DEMO["user"], "password": DEMO["password"], "id": DEMO["user_id"]}],
        "access_keys": [{"ak": DEMO["ak"], "sk": DEMO["sk"]}],
    }]}


class Accounts:
    def __init__(self, doc):
        self.doc = doc
        self.domains = {}
        self.by_name = {}
        self.keys = {}
        for d in doc.get("domains", []):
            if not d.get("id") or not d.get("name"):
                raise ValueError("every domain needs a name and an id")
            dom = {"name": d["name"], "id": d["id"], "users": {}, "quotas": dict(d.get("quotas") or {})}
            for u in d.get("users", []):
                uid = u.get("id") or hashlib.sha256(("%s/%s" % (d["id"], u["name"])).encode()).hexdigest()[:32]
                dom["users"][u["name"]] = {"name": u["name"], "password": u["password"], "id": uid}
            for k in d.get("access_keys", []):
                if k["ak"] in self.keys:
                    raise ValueError("access key %s is listed twice" % k["ak"])
                self.keys[k["ak"]] = {"sk": k["sk"], "security_token": k.get("security_token"), "domain_id": d["id"]}
            self.domains[d["id"]] = dom
            self.by_name[d["name"]] = dom
        # Tokens are stateless HMACs under this secret, so a restart with the same accounts keeps
        # accepting the tokens it issued before (as the real IAM does for 24 hours).
        self.token_secret = hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).digest()

    @classmethod
    def load(cls, path=None):
        if path is None:
            return cls(demo_accounts_doc())
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        try:
            doc = json.loads(text)
        except ValueError:
            import yaml
            doc = yaml.safe_load(text)
        return cls(doc)

    def quota_overrides(self, domain_id):
        dom = self.domains.get(domain_id)
        return dom["quotas"] if dom else {}
