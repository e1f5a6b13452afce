"""Deterministic catalog data shared by every resource family: sites and their pools (lines),
flavors, public images, volume types and shared-bandwidth types.

Everything is derived from fixed tables and uuid5 names, so the same --sites N always gives the same
ids, in every process, on every machine.
"""
import uuid

NS = uuid.UUID("6f1b7a52-2c1e-4d8a-9a57-0e3c5b1e7a10")


def stable_id(*parts):
    return str(uuid.uuid5(NS, "/".join(str(p) for p in parts)))


OPERATORS = [
    {"id": "1", "name": "chinatelecom", "i18n_name": "中国电信", "sa": "CTCC"},
    {"id": "2", "name": "chinaunicom", "i18n_name": "中国联通", "sa": "CUCC"},
    {"id": "3", "name": "chinamobile", "i18n_name": "中国移动", "sa": "CMCC"},
]

AREAS = {
    "east": "华东地区", "south": "华南地区", "north": "华北地区", "central": "华中地区",
    "southwest": "西南地区", "northwest": "西北地区", "northeast": "东北地区",
}

# (area, province, i18n_province, city, i18n_city, city_short_name). Ordered so that the first sites
# of the catalog already spread over every area and several provinces.
CITIES = [
    ("east", "shanghai", "上海", "shanghai", "上海市", "SH"),
    ("south", "guangdong", "广东", "guangzhou", "广州市", "GZ"),
    ("north", "beijing", "北京", "beijing", "北京市", "BJ"),
    ("southwest", "sichuan", "四川", "chengdu", "成都市", "CD"),
    ("central", "hubei", "湖北", "wuhan", "武汉市", "WH"),
    ("east", "zhejiang", "浙江", "hangzhou", "杭州市", "HZ"),
    ("south", "guangdong", "广东", "shenzhen", "深圳市", "SZ"),
    ("northwest", "shaanxi", "陕西", "xian", "西安市", "XA"),
    ("east", "jiangsu", "江苏", "nanjing", "南京市", "NJ"),
    ("southwest", "chongqing", "重庆", "chongqing", "重庆市", "CQ"),
    ("central", "hunan", "湖南", "changsha", "长沙市", "CS"),
    ("northeast", "liaoning", "辽宁", "shenyang", "沈阳市", "SY"),
    ("north", "tianjin", "天津", "tianjin", "天津市", "TJ"),
    ("east", "shandong", "山东", "jinan", "济南市", "JN"),
    ("south", "guangxi", "广西", "nanning", "南宁市", "NN"),
    ("central", "henan", "河南", "zhengzhou", "郑州市", "ZZ"),
    ("southwest", "yunnan", "云南", "kunming", "昆明市", "KM"),
    ("east", "fujian", "福建", "fuzhou", "福州市", "FZ"),
    ("north", "hebei", "河北", "shijiazhuang", "石家庄市", "SJZ"),
    ("northwest", "gansu", "甘肃", "lanzhou", "兰州市", "LZ"),
    ("east", "anhui", "安徽", "hefei", "合肥市", "HF"),
    ("south", "hainan", "海南", "haikou", "海口市", "HK"),
    ("northeast", "heilongjiang", "黑龙江", "harbin", "哈尔滨市", "HEB"),
    ("southwest", "guizhou", "贵州", "guiyang", "贵阳市", "GY"),
    ("central", "jiangxi", "江西", "nanchang", "南昌市", "NC"),
    ("east", "shandong", "山东", "qingdao", "青岛市", "QD"),
    ("north", "shanxi", "山西", "taiyuan", "太原市", "TY"),
    ("northwest", "xinjiang", "新疆", "urumqi", "乌鲁木齐市", "WLMQ"),
    ("northeast", "jilin", "吉林", "changchun", "长春市", "CC"),
    ("south", "guangdong", "广东", "zhongshan", "中山市", "ZS"),
]

# Which operators a site has lines for, cycling with the site index, so every operator appears in the
# first sites and some sites are single-operator.
_OPERATOR_SETS = [(0, 1, 2), (2,), (1, 0), (0,), (2, 1), (1,)]

FLAVORS = [
    # (name, vcpus, ram MiB, disk GB, generation, performance type, gpu name or "")
    ("s6.small.1", 1, 1024, 40, "s6", "normal", ""),
    ("s6.medium.2", 1, 2048, 40, "s6", "normal", ""),
    ("s6.large.2", 2, 4096, 40, "s6", "normal", ""),
    ("c6.large.2", 2, 4096, 40, "c6", "computingv3", ""),
    ("c6.xlarge.2", 4, 8192, 40, "c6", "computingv3", ""),
    ("c6.2xlarge.2", 8, 16384, 40, "c6", "computingv3", ""),
    ("m6.large.8", 2, 16384, 40, "m6", "highmem", ""),
    ("g6.xlarge.4", 4, 16384, 40, "g6", "gpu", "1 * NVIDIA T4 / 1 * 16G"),
]

VOLUME_TYPES = [
    {"id": stable_id("volume-type", "SATA"), "name": "SATA", "status": "normal"},
    {"id": stable_id("volume-type", "SAS"), "name": "SAS", "status": "normal"},
    # The seed's examples show SATA and SAS; Terraform's acceptance tests created instances on GPSSD against
    # the real cloud (resource_huaweicloud_iec_server_test.go); no source names a type "SSD".
    {"id": stable_id("volume-type", "GPSSD"), "name": "GPSSD", "status": "normal"},
]

IMAGES = [
    # (name, platform, os_type, os_version, min_disk, firmware)
    ("CentOS 7.6 64bit", "CentOS", "Linux", "CentOS 7.6 64bit", 40, "bios"),
    ("Ubuntu 20.04 server 64bit", "Ubuntu", "Linux", "Ubuntu 20.04 server 64bit", 40, "bios"),
    ("Ubuntu 22.04 server 64bit", "Ubuntu", "Linux", "Ubuntu 22.04 server 64bit", 40, "uefi"),
    ("Debian 11.1.0 64bit", "Debian", "Linux", "Debian 11.1.0 64bit", 40, "bios"),
    ("EulerOS 2.5 64bit", "EulerOS", "Linux", "EulerOS 2.5 64bit", 40, "bios"),
    ("Windows Server 2019 Datacenter 64bit", "Windows", "Windows", "Windows Server 2019 Datacenter 64bit", 40, "bios"),
]

BANDWIDTH_TYPES = ["share"]
IMAGE_CREATED_AT = "2023-01-01T00:00:00Z"


class Catalog:
    def __init__(self, n_sites=12):
        self.sites = [self._site(i) for i in range(n_sites)]
        self.sites_by_id = {s["site"]["id"]: s for s in self.sites}
        self.flavors = [self._flavor(f) for f in FLAVORS]
        self.flavors_by_id = {f["id"]: f for f in self.flavors}
        self.volume_types = [dict(v) for v in VOLUME_TYPES]
        self.images = [self._image(i) for i in IMAGES]
        self.images_by_id = {i["id"]: i for i in self.images}

    # ------------------------------------------------------------ sites and pools
    def _site(self, i):
        area, prov, i18n_prov, city, i18n_city, short = CITIES[i % len(CITIES)]
        rnd = i // len(CITIES)
        name = city if rnd == 0 else "%s-%d" % (city, rnd + 1)
        sid = stable_id("site", name)
        pools = []
        for k, op_idx in enumerate(_OPERATOR_SETS[i % len(_OPERATOR_SETS)]):
            op = OPERATORS[op_idx]
            versions = ["4", "6"] if (k == 0 and i % 2 == 0) else ["4"]
            for v in versions:
                line = "%s_%s%s" % (name, op["sa"].lower(), "_v6" if v == "6" else "")
                pools.append({
                    "id": stable_id("pool", name, op["name"], v),
                    "site_id": sid,
                    "pool_id": line,
                    "ip_version": v,
                    "operator": dict(op),
                    "display_name": "%s-%s%s" % (i18n_city, op["i18n_name"], "-IPv6" if v == "6" else ""),
                    "allow_share_bandwidth_types": list(BANDWIDTH_TYPES),
                })
        site = {
            "id": sid, "name": name,
            "city": city, "i18n_city": i18n_city,
            "province": prov, "i18n_province": i18n_prov,
            "area": area, "i18n_area": AREAS[area],
            "country": "China", "i18n_country": "中国",
            "status": "Normal",
            "pools": pools,
            "city_short_name": short,
        }
        # What a site can host (used by the site filters flavor / volume_type and by compute):
        # GPU flavors only at every third site, GPSSD only at even sites.
        site_flavors = [f[0] for f in FLAVORS if f[6] == "" or i % 3 == 0]
        site_vtypes = ["SATA", "SAS"] + (["GPSSD"] if i % 2 == 0 else [])
        return {"site": site, "flavors": site_flavors, "volume_types": site_vtypes}

    def site(self, site_id):
        s = self.sites_by_id.get(site_id)
        return s["site"] if s else None

    def site_info(self, site_id):
        """The 'site_info' text of subnets and public IPs: 中国/华中地区/湖南/长沙市."""
        s = self.site(site_id)
        if not s:
            return ""
        return "/".join([s["i18n_country"], s["i18n_area"], s["i18n_province"], s["i18n_city"]])

    def site_supports_flavor(self, site_id, flavor_id):
        s = self.sites_by_id.get(site_id)
        return bool(s) and flavor_id in s["flavors"]

    def site_supports_volume_type(self, site_id, name):
        s = self.sites_by_id.get(site_id)
        return bool(s) and name in s["volume_types"]

    def pool(self, site_id, pool_id=None, ip_version=None):
        """A line of the site: by pool_id, or the first one (of ip_version when given)."""
        s = self.site(site_id)
        if not s:
            return None
        for p in s["pools"]:
            if pool_id is not None and pool_id not in (p["pool_id"], p["id"]):
                continue
            if ip_version is not None and p["ip_version"] != str(ip_version):
                continue
            return p
        return None

    def find_sites(self, area=None, province=None, city=None, operator=None):
        """Sites matching the location filters (case-insensitive, English or Chinese names)."""
        out = []
        for s in self.sites:
            site = s["site"]
            if area and area.lower() not in (site["area"].lower(), site["i18n_area"]):
                continue
            if province and province.lower() not in (site["province"].lower(), site["i18n_province"]):
                continue
            if city and city.lower() not in (site["city"].lower(), site["i18n_city"], site["name"].lower()):
                continue
            if operator and not any(p["operator"]["name"] == operator for p in site["pools"]):
                continue
            out.append(site)
        return out

    # ------------------------------------------------------------ flavors, images
    @staticmethod
    def _flavor(f):
        name, vcpus, ram, disk, gen, perf, gpu = f
        specs = {
            "cond:operation:status": "normal",
            "cond:network": "",
            "ecs:generation": gen,
            "ecs:performancetype": perf,
            "ecs:virtualization_env_types": "FusionCompute",
            "info:cpu:name": "Intel Cascade Lake 6278 2.6GHz",
            "resource_type": "IOoptimized%s" % gen.upper(),
        }
        if gpu:
            specs.update({"info:gpu:name": gpu, "pci_passthrough:enable_gpu": "true",
                          "pci_passthrough:gpu_specs": "t4:passthrough:1", "pci_passthrough:alias": "nvidia-t4:1"})
        return {"id": name, "name": name, "vcpus": str(vcpus), "ram": ram, "disk": str(disk),
                "os_flavor_access_is_public": True, "os_extra_specs": specs}

    @staticmethod
    def _image(i):
        name, platform, os_type, os_version, min_disk, firmware = i
        iid = stable_id("image", name)
        return {
            "id": iid, "name": name, "status": "active", "disk_format": "zvhd2",
            "min_disk": min_disk, "min_ram": 0, "owner": "", "protected": True, "visibility": "public",
            "created_at": IMAGE_CREATED_AT, "updated_at": IMAGE_CREATED_AT, "self": "/v1/images/%s" % iid,
            "deleted": False, "virtual_env_type": "FusionCompute", "deleted_at": "", "relation_job_id": "",
            "__imagetype": "gold", "__platform": platform, "__os_type": os_type, "__os_version": os_version,
            "__isregistered": True, "__support_kvm": "true", "__support_kvm_gpu_type": "",
            "__support_kvm_ascend_310": "", "__support_kvm_hi1822_hiovs": "", "__support_arm": "false",
            "hw_firmware_type": firmware, "data_source": "", "__support_gpu_t4": "true", "__support_amd": "false",
        }

    def bandwidth_types(self):
        return [{"name": "共享带宽", "bandwidth_type": t, "site_id": s["site"]["id"]}
                for s in self.sites for t in BANDWIDTH_TYPES]
