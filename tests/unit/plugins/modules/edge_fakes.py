"""A fake of IEC's edge-service API (deployment plans, edge clouds and their instances) for the unit tests
of the edgecloud, deployment and *_info modules. Built on iec_fakes.FakeClient: every call is recorded.

Edge clouds go creating -> (polls reads) -> inService, or failed when their name holds 'fail-me'; deleted
ones answer 404 after `polls` reads. Plans are open until executed, then closed.
"""
import copy

from iec_fakes import SITES, FakeClient, api_error

VPCS = [{"id": "vpc-sys", "name": "sysvpc", "mode": "SYSTEM"}, {"id": "vpc-cus", "name": "custom", "mode": "CUSTOMER"}]
IMAGES = [{"id": "img-1", "name": "Ubuntu"}]
FLAVORS = [{"id": "s6.small.1", "name": "s6.small.1"}, {"id": "c6.large.2", "name": "c6.large.2"}]
GROUPS = [{"id": "sg-1", "name": "web"}]


class EdgeCloudApi(FakeClient):
    def __init__(self, polls=1):
        self.polls = polls
        self.plans = {}
        self.clouds = {}
        self.servers = {}
        self.refuse = {}          # 'deploy' / 'expand' -> IecApiError raised by that call
        self.next = 0
        super(EdgeCloudApi, self).__init__({
            "GET /v1/sites": {"sites": SITES},
            "GET /v1/vpcs": {"vpcs": VPCS},
            "GET /v1/images": {"images": IMAGES},
            "GET /v1/cloudservers/flavors": {"flavors": FLAVORS},
            "GET /v1/security-groups": {"security_groups": GROUPS},
            "GET /v1/deployments": self.list_plans,
            "POST /v1/deployments": self.create_plan,
            "DELETE /v1/deployments/{id}": self.delete_plan,
            "POST /v1/deployments/{id}/deploy": self.deploy,
            "POST /v1/deployments/{id}/expand": self.expand,
            "GET /v1/edgeclouds": self.list_clouds,
            "GET /v1/edgeclouds/{id}": self.show_cloud,
            "DELETE /v1/edgeclouds/{id}": self.delete_cloud,
            "GET /v1/cloudservers": self.list_servers,
            "GET /v1/cloudservers/{id}": self.show_server,
            "POST /v1/cloudservers/delete": self.delete_servers,
        })

    def new_id(self, kind):
        self.next += 1
        return "%s-%d" % (kind, self.next)

    # --- plans ---------------------------------------------------------------------------------

    def create_plan(self, query, body, groups):
        ident = self.new_id("plan")
        edge = copy.deepcopy(body["edgecloud"])
        for res in edge["stack"]["resources"]:
            if res.get("admin_pass"):
                res["admin_pass"] = "******"
        plan = {"id": ident, "distribution": [],
                "edgecloud": {"id": edge.get("id", ""), "name": edge.get("name", ""), "stacks": edge["stack"],
                              "description": edge.get("description", ""), "coverage": edge["coverage"]},
                "_open": True}
        if edge.get("id"):
            plan["edgecloud"]["name"] = self.clouds[edge["id"]]["name"]
        self.plans[ident] = plan
        return {"id": ident, "locations": []}

    def list_plans(self, query, body, groups):
        query = query or {}
        out = []
        for plan in self.plans.values():
            if query.get("id") and plan["id"] != query["id"]:
                continue
            if query.get("edgecloud_id") and plan["edgecloud"]["id"] != query["edgecloud_id"]:
                continue
            if query.get("status") and query["status"] != ("open" if plan["_open"] else "closed"):
                continue
            out.append(dict((k, copy.deepcopy(v)) for k, v in plan.items() if not k.startswith("_")))
        return {"deployments": out, "count": len(out)}

    def delete_plan(self, query, body, groups):
        if groups[0] not in self.plans:
            raise api_error(404, "IEC.010100", "DELETE")
        del self.plans[groups[0]]

    def open_plan(self, ident, expansion, action):
        plan = self.plans.get(ident)
        if plan is None or not plan["_open"] or bool(plan["edgecloud"]["id"]) != expansion:
            raise api_error(404, "IEC.010100", "POST")
        if action in self.refuse:
            raise self.refuse.pop(action)
        return plan

    def launch(self, cloud, plan):
        template = plan["edgecloud"]["stacks"]["resources"][0]
        per = template.get("count", 1)
        for cs in plan["edgecloud"]["coverage"]["coverage_sites"]:
            done = len([s for s in self.servers.values() if s["_cloud"] == cloud["id"] and s["_site"] == cs["site"]])
            for i in range(sum(d["demand_count"] for d in cs["demands"]) * per):
                ident = self.new_id("srv")
                self.servers[ident] = {"id": ident, "name": "%s-%04d" % (template["name"], done + i + 1),
                                       "status": "ACTIVE", "_cloud": cloud["id"], "_site": cs["site"],
                                       "geolocation": {"id": "site-" + cs["site"], "city": cs["site"]},
                                       "addresses": {"vpc": [{"addr": "10.0.0.%d" % self.next,
                                                              "OS-EXT-IPS:type": "fixed"}]}}

    def deploy(self, query, body, groups):
        plan = self.open_plan(groups[0], False, "deploy")
        if any(c["name"] == plan["edgecloud"]["name"] for c in self.clouds.values()):
            raise api_error(409, "IEC.010008", "POST")
        ident = self.new_id("ec")
        cov = copy.deepcopy(plan["edgecloud"]["coverage"])
        for cs in cov["coverage_sites"]:
            cs["demands"] = [{"demand_count": sum(d["demand_count"] for d in cs["demands"])}]
        cloud = {"id": ident, "name": plan["edgecloud"]["name"], "description": plan["edgecloud"]["description"],
                 "coverage": cov, "stacks": [copy.deepcopy(plan["edgecloud"]["stacks"])], "status": "creating",
                 "success_num": 0, "failed_num": 0, "fail_reason": None, "_reads": 0}
        self.clouds[ident] = cloud
        plan["_open"] = False
        plan["edgecloud"]["id"] = ident
        self.launch(cloud, plan)
        return {"id": ident, "name": cloud["name"], "deployment_id": plan["id"], "status": "creating", "job_id": "j"}

    def expand(self, query, body, groups):
        plan = self.open_plan(groups[0], True, "expand")
        cloud = self.clouds[plan["edgecloud"]["id"]]
        mine = dict((cs["site"], cs) for cs in cloud["coverage"]["coverage_sites"])
        for cs in plan["edgecloud"]["coverage"]["coverage_sites"]:
            n = sum(d["demand_count"] for d in cs["demands"])
            if cs["site"] in mine:
                mine[cs["site"]]["demands"][0]["demand_count"] += n
            else:
                cloud["coverage"]["coverage_sites"].append({"site": cs["site"], "demands": [{"demand_count": n}]})
        cloud.update(status="updating", _reads=0)
        plan["_open"] = False
        self.launch(cloud, plan)
        return {"id": cloud["id"], "name": cloud["name"], "deployment_id": plan["id"], "status": "updating"}

    # --- edge clouds ---------------------------------------------------------------------------

    def view(self, cloud):
        out = dict((k, copy.deepcopy(v)) for k, v in cloud.items() if not k.startswith("_"))
        mine = [s for s in self.servers.values() if s["_cloud"] == cloud["id"]]
        out["success_num"] = len([s for s in mine if s["status"] == "ACTIVE"])
        return out

    def list_clouds(self, query, body, groups):
        items = [self.view(c) for c in self.clouds.values() if not (query or {}).get("name") or c["name"] == query["name"]]
        for item in items:
            item.pop("stacks", None)
        return {"edgeclouds": items, "count": len(items)}

    def show_cloud(self, query, body, groups):
        cloud = self.clouds.get(groups[0])
        if cloud is None:
            raise api_error(404, "IEC.010000")
        cloud["_reads"] += 1
        if cloud["_reads"] > self.polls:
            if cloud["status"] in ("creating", "updating"):
                if "fail-me" in cloud["name"]:
                    failed = len([s for s in self.servers.values() if s["_cloud"] == cloud["id"]])
                    cloud.update(status="failed", failed_num=failed,
                                 fail_reason={"fail_code": "IEC.010900", "fail_message": "no capacity"})
                    for s in self.servers.values():
                        if s["_cloud"] == cloud["id"]:
                            s["status"] = "ERROR"
                else:
                    cloud["status"] = "inService"
            elif cloud["status"] == "deleting":
                if cloud.get("_sticky"):
                    cloud["status"] = "delFailed"
                else:
                    del self.clouds[cloud["id"]]
                    raise api_error(404, "IEC.010000")
        return self.view(cloud)

    def delete_cloud(self, query, body, groups):
        cloud = self.clouds[groups[0]]
        if any(s["_cloud"] == cloud["id"] for s in self.servers.values()):
            raise api_error(400, "IEC.000007", "DELETE", msg="the edge cloud still has instances")
        cloud.update(status="deleting", _reads=0)
        return {"job_id": "j"}

    # --- instances -----------------------------------------------------------------------------

    def list_servers(self, query, body, groups):
        items = [dict((k, copy.deepcopy(v)) for k, v in s.items() if not k.startswith("_"))
                 for s in self.servers.values() if s["_cloud"] == (query or {}).get("edgecloud_id")]
        return {"servers": items, "count": len(items)}

    def show_server(self, query, body, groups):
        server = self.servers.get(groups[0])
        if server is None:
            raise api_error(404, "IEC.010200")
        if server["status"] == "DELETING":
            del self.servers[groups[0]]
            raise api_error(404, "IEC.010200")
        return {"server": dict((k, v) for k, v in server.items() if not k.startswith("_"))}

    def delete_servers(self, query, body, groups):
        for s in body["servers"]:
            self.servers[s["id"]]["status"] = "DELETING"
        return {"job_id": "j"}


# --- option values, as Ansible hands them to the modules (every suboption present) ---------------------

STACK_KEYS = ("name", "instance_name", "with_prefix", "flavor", "image", "vpc", "nic_num", "security_groups",
              "root_volume", "data_volumes", "key_name", "admin_pass", "user_data", "bandwidth_size", "count",
              "allowed_address_pairs")
DEMAND_KEYS = ("site", "count", "operator", "pool_id", "bandwidth_type", "pool_id_v6", "ipv6_bandwidth_enable",
               "ipv6_bandwidth_type")


def stack(**kw):
    out = dict((k, None) for k in STACK_KEYS)
    out.update(flavor="s6.small.1", image="Ubuntu", vpc="sysvpc", root_volume={"size": 40, "volume_type": "SAS"},
               admin_pass="Edge-Pass-2024")
    out.update(kw)
    return out


def partial_stack(**kw):
    out = dict((k, None) for k in STACK_KEYS)
    out.update(kw)
    return out


def coverage(sites, policy="centralize", level="city"):
    demands = []
    for s in sites:
        d = dict((k, None) for k in DEMAND_KEYS)
        d.update(s)
        demands.append(d)
    return {"policy": policy, "level": level, "sites": demands}


THREE = [{"site": "xian", "count": 1}, {"site": "beijing", "count": 1}, {"site": "wuhan", "count": 1}]
