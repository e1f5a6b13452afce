"""Contract tests: the official SDK (huaweicloudsdkiec) drives the emulator for every operation of the
compute and edge-service families (instances, flavors, volumes, deployment plans, edge clouds, images,
the metric query), and each answer deserialises with the fields the seed documents.

The module's emulator runs with --async-seconds 0: a creation answers its initial state and the next
request sees the final one."""
import pytest
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkiec.v1 import model as m

from iec_emulator.accounts import DEMO

covers = pytest.mark.covers


def has(obj, *names):
    missing = [n for n in names if getattr(obj, n, None) is None]
    assert not missing, "%s lacks %s" % (type(obj).__name__, missing)
    return obj


def api_error(fn, *args):
    with pytest.raises(ClientRequestException) as ei:
        fn(*args)
    return ei.value.status_code, ei.value.error_code


@pytest.fixture(scope="module")
def c(sdk_client):
    return sdk_client


@pytest.fixture(scope="module")
def sites(c):
    return c.list_sites(m.ListSitesRequest(limit=1000)).sites


@pytest.fixture(scope="module")
def image(c):
    imgs = c.list_images(m.ListImagesRequest(imagetype="gold", os_type="Linux")).images
    return next(i for i in imgs if i.name.startswith("CentOS"))


@pytest.fixture(scope="module")
def net(c, sites):
    """A CUSTOMER VPC with a subnet at the first site, a security group and a key pair."""
    site = sites[0]
    vpc = c.create_vpc(m.CreateVpcRequest(body=m.CreateVpcRequestBody(
        vpc=m.CreateVpcOption(name="vpc-compute", cidr="192.168.0.0/16", mode="CUSTOMER")))).vpc
    sub = c.create_subnet(m.CreateSubnetRequest(body=m.CreateSubnetRequestBody(subnet=m.CreateSubnetOption(
        name="sub-compute", cidr="192.168.10.0/24", gateway_ip="192.168.10.1", vpc_id=vpc.id, site_id=site.id)))).subnet
    sg = c.create_security_group(m.CreateSecurityGroupRequest(body=m.CreateSecurityGroupRequestBody(
        security_group=m.CreateSecurityGroupOption(name="sg-compute")))).security_group
    c.create_keypair(m.CreateKeypairRequest(body=m.CreateKeypairRequestBody(name="kp-compute")))
    return {"vpc": vpc, "subnet": sub, "sg": sg, "site": site}


def instance_body(net, image, name="web", count=1, bandwidth=True, flavor="s6.small.1"):
    return m.CreateInstanceRequestBody(server=m.CreateInstanceOption(
        name=name, image_ref=image.id, flavor_ref=flavor, admin_pass="Edge-Pass12", key_name="kp-compute",
        net_config=m.NetConfigInstance(vpc_id=net["vpc"].id, subnets=[m.SubnetConfig(id=net["subnet"].id)]),
        bandwidth=m.BandwidthConfigInstance(sharetype="WHOLE", size=20) if bandwidth else None,
        root_volume=m.RootVolume(size=40, volume_type="SAS"), data_volumes=[m.DataVolume(size=10, volume_type="SATA")],
        count=count, security_groups=[m.SecurityGroupOption(id=net["sg"].id)], user_data="IyEvYmluL3NoCmVjaG8gaGk=",
        coverage=m.CoverageInstance(coverage_policy="centralize", coverage_level="site", coverage_sites=[
            m.CoverageSiteInstance(site=net["site"].id, demands=[m.DemandInstance()])])))


@pytest.fixture(scope="module")
def server(c, net, image):
    made = c.create_instance(m.CreateInstanceRequest(body=instance_body(net, image, name="web", count=1)))
    assert len(made.server_ids) == 1
    return c.show_instance(m.ShowInstanceRequest(server_id=made.server_ids[0])).server


@covers("list_flavors")
def test_flavors(c, sites):
    everything = c.list_flavors(m.ListFlavorsRequest())
    assert everything.count == 8 and len(everything.flavors) == 8
    f = has(everything.flavors[0], "id", "name", "vcpus", "ram", "disk", "os_extra_specs", "os_flavor_access_is_public")
    has(f.os_extra_specs, "ecsgeneration", "ecsperformancetype", "resource_type", "infocpuname")
    page2 = c.list_flavors(m.ListFlavorsRequest(limit=3, offset=2))
    assert page2.count == 8 and [x.id for x in page2.flavors] == [x.id for x in everything.flavors[3:6]]
    assert [x.id for x in c.list_flavors(m.ListFlavorsRequest(limit=3, offset=0)).flavors] == \
        [x.id for x in everything.flavors[:3]]
    # GPU flavors are offered at every third site only (sites 0, 3, ...): site 1 has none.
    at1 = c.list_flavors(m.ListFlavorsRequest(site_ids=sites[1].id))
    assert at1.count == 7 and all(not x.name.startswith("g6") for x in at1.flavors)
    assert c.list_flavors(m.ListFlavorsRequest(name="c6.large.2")).count == 1


@covers("create_instance", "show_instance", "list_volume", "show_volume", "show_volume_types")
def test_instance_and_volumes(c, net, server):
    s = has(server, "id", "name", "status", "created", "updated", "addresses", "flavor", "metadata", "tags",
            "security_groups", "geolocation", "os_extended_volumesvolumes_attached", "os_ext_a_zavailability_zone",
            "os_ext_srv_att_rhostname", "domain_id", "key_name")
    assert s.status == "ACTIVE"  # --async-seconds 0
    assert s.name == "IEC-%s01-web" % net["site"].city_short_name
    assert s.geolocation.id == net["site"].id and s.geolocation.city == net["site"].city
    assert s.os_ext_a_zavailability_zone == net["site"].name
    assert "operator=%s" % net["site"].pools[0].operator.name in s.tags
    assert (s.flavor.id, s.flavor.vcpus, s.flavor.ram) == ("s6.small.1", "1", "1024")
    assert s.domain_id == DEMO["domain_id"] and s.key_name == "kp-compute"
    addrs = s.addresses[net["vpc"].id]
    fixed = [a for a in addrs if a.os_ext_ip_stype == "fixed"]
    floating = [a for a in addrs if a.os_ext_ip_stype == "floating"]
    assert len(fixed) == 1 and fixed[0].addr.startswith("192.168.10.") and fixed[0].addr != "192.168.10.1"
    assert len(floating) == 1
    assert [g.id for g in s.security_groups] == [net["sg"].id]
    eips = c.list_public_ips(m.ListPublicIpsRequest(port_id=fixed[0].os_ext_ip_sport_id)).publicips
    assert [e.public_ip_address for e in eips] == [floating[0].addr]
    attached = s.os_extended_volumesvolumes_attached
    assert [(v.boot_index, v.device) for v in attached] == [("0", "/dev/vda"), ("1", "/dev/vdb")]
    vol = c.show_volume(m.ShowVolumeRequest(volume_id=attached[0].id)).volume
    has(vol, "id", "status", "size", "availability_zone", "attachments", "name", "volume_type", "bootable", "metadata")
    assert (vol.status, vol.size, vol.volume_type, vol.bootable) == ("in-use", 40, "SAS", "true")
    assert vol.attachments[0].server_id == s.id and vol.attachments[0].device == "/dev/vda"
    vols = c.list_volume(m.ListVolumeRequest(status="in-use"))
    assert vols.count >= 2 and {v.id for v in attached} <= {v.id for v in vols.volumes}
    assert c.list_volume(m.ListVolumeRequest(name=vol.name)).count == 1
    types = c.show_volume_types(m.ShowVolumeTypesRequest()).volume_types
    assert [t.name for t in types] == ["SATA", "SAS", "GPSSD"] and all(t.status == "normal" for t in types)
    status, code = api_error(c.show_volume, m.ShowVolumeRequest(volume_id="no-such-volume"))
    assert (status, code) == (404, "IEC.010560")


@covers("list_instances", "update_instance")
def test_list_and_update(c, net, image, server):
    made = c.create_instance(m.CreateInstanceRequest(body=instance_body(net, image, name="app", count=3, bandwidth=False)))
    assert len(made.server_ids) == 3
    listed = c.list_instances(m.ListInstancesRequest(name="app", limit=2, offset=1))
    assert listed.count == 3 and len(listed.servers) == 2
    assert listed.servers[0].name.endswith("app-0001")
    page2 = c.list_instances(m.ListInstancesRequest(name="app", limit=2, offset=2))
    assert [x.name[-8:] for x in page2.servers] == ["app-0003"]
    assert c.list_instances(m.ListInstancesRequest(site_id=net["site"].id)).count == 4
    assert c.list_instances(m.ListInstancesRequest(city=net["site"].city, status="ACTIVE")).count == 4
    assert c.list_instances(m.ListInstancesRequest(area="nowhere")).count == 0
    upd = c.update_instance(m.UpdateInstanceRequest(server_id=server.id, body=m.UpdateInstanceRequestBody(
        server=m.UpdateInstanceOption(name="web-renamed", description="front end"))))
    has(upd, "id", "name", "status", "description", "addresses", "flavor")
    assert (upd.name, upd.description) == ("web-renamed", "front end")
    assert c.show_instance(m.ShowInstanceRequest(server_id=server.id)).server.name == "web-renamed"
    c.delete_instances(m.DeleteInstancesRequest(body=m.DeleteInstancesRequestBody(
        servers=[m.BaseId(id=i) for i in made.server_ids])))
    assert c.list_instances(m.ListInstancesRequest(name="app")).count == 0


@covers("batch_stop_instance", "batch_start_instance", "batch_reboot_instance", "change_os")
def test_power_actions_and_change_os(c, server):
    ref = [m.BaseId(id=server.id)]
    stopped = c.batch_stop_instance(m.BatchStopInstanceRequest(body=m.BatchStopInstanceRequestBody(
        os_stop=m.BatchStop(servers=ref, type="SOFT"))))
    assert len(stopped.jobs) == 1 and stopped.jobs[0].job_id
    assert c.show_instance(m.ShowInstanceRequest(server_id=server.id)).server.status == "SHUTOFF"
    ubuntu = next(i for i in c.list_images(m.ListImagesRequest(name="Ubuntu 20.04 server 64bit")).images)
    job = c.change_os(m.ChangeOsRequest(instance_id=server.id, body=m.ChangeOsOption(image_id=ubuntu.id)))
    assert job.job_id
    after = c.show_instance(m.ShowInstanceRequest(server_id=server.id)).server
    assert (after.status, after.metadata["image_name"]) == ("ACTIVE", "Ubuntu 20.04 server 64bit")
    c.batch_stop_instance(m.BatchStopInstanceRequest(body=m.BatchStopInstanceRequestBody(
        os_stop=m.BatchStop(servers=ref, type="HARD"))))
    started = c.batch_start_instance(m.BatchStartInstanceRequest(body=m.BatchStartInstanceRequestBody(
        os_start=m.BatchStart(servers=ref))))
    assert started.jobs[0].job_id
    assert c.show_instance(m.ShowInstanceRequest(server_id=server.id)).server.status == "ACTIVE"
    rebooted = c.batch_reboot_instance(m.BatchRebootInstanceRequest(body=m.BatchRebootInstanceRequestBody(
        reboot=m.BatchReboot(servers=ref, type="HARD"))))
    assert rebooted.jobs[0].job_id
    assert c.show_instance(m.ShowInstanceRequest(server_id=server.id)).server.status == "ACTIVE"
    # Starting an ACTIVE instance is a wrong state.
    status, code = api_error(c.batch_start_instance, m.BatchStartInstanceRequest(
        body=m.BatchStartInstanceRequestBody(os_start=m.BatchStart(servers=ref))))
    assert (status, code) == (400, "IEC.010406")


@covers("add_nics", "delete_nics")
def test_nics(c, net, server):
    c.add_nics(m.AddNicsRequest(instance_id=server.id, body=m.AddNicsRequestBody(
        vpc_id=net["vpc"].id, subnet_id=net["subnet"].id, nic_num=2, security_groups=[m.BaseId(id=net["sg"].id)])))
    s = c.show_instance(m.ShowInstanceRequest(server_id=server.id)).server
    fixed = [a for a in s.addresses[net["vpc"].id] if a.os_ext_ip_stype == "fixed"]
    assert len(fixed) == 3 and len({a.addr for a in fixed}) == 3
    c.delete_nics(m.DeleteNicsRequest(instance_id=server.id, body=m.DeleteNicsRequestBody(
        nics=[m.NicId(id=fixed[2].os_ext_ip_sport_id)])))
    s = c.show_instance(m.ShowInstanceRequest(server_id=server.id)).server
    assert [a.addr for a in s.addresses[net["vpc"].id] if a.os_ext_ip_stype == "fixed"] == [fixed[0].addr, fixed[1].addr]


@covers("create_image", "register_image", "list_images", "show_image", "delete_image", "list_cloud_images",
        "rebuild_image")
def test_images(c, server):
    made = c.create_image(m.CreateImageRequest(body=m.CreateImageRequestBody(name="img-web", instance_id=server.id)))
    assert made.job_id and made.image_id
    img = has(c.show_image(m.ShowImageRequest(image_id=made.image_id)), "id", "name", "status", "visibility",
              "imagetype", "data_source", "relation_job_id", "origin_region_info", "edge_region_info")
    assert (img.status, img.imagetype, img.visibility) == ("active", "private", "private")
    assert img.data_source == "instance:%s" % server.id and img.relation_job_id == made.job_id
    center = c.list_cloud_images(m.ListCloudImagesRequest(region_id="cn-north-4", imagetype="private")).images
    assert len(center) == 2
    has(center[0], "id", "name", "status", "imagetype", "os_type", "min_disk", "visibility", "owner")
    reg = c.register_image(m.RegisterImageRequest(body=m.RegisterImageRequestBody(
        image_id=center[0].id, region_id="cn-north-4")))
    assert reg.image_id and reg.job_id
    shown = c.show_image(m.ShowImageRequest(image_id=reg.image_id))
    assert shown.status == "active" and shown.origin_region_info.image_id == center[0].id
    private = c.list_images(m.ListImagesRequest(imagetype="private", sort_key="name", sort_dir="asc"))
    assert private.total == 2 and [i.name for i in private.images] == sorted(i.name for i in private.images)
    has(private.images[0], "id", "name", "status", "disk_format", "min_disk", "created_at", "imagetype", "os_type")
    gold = c.list_images(m.ListImagesRequest(imagetype="gold", limit=2, offset=1))
    assert gold.total == 6 and len(gold.images) == 2
    # A registration that fails ends killed; retrying its job brings it to active.
    bad = c.register_image(m.RegisterImageRequest(body=m.RegisterImageRequestBody(
        image_id="fail-me-0000", region_id="cn-north-4")))
    assert c.show_image(m.ShowImageRequest(image_id=bad.image_id)).status == "killed"
    c.rebuild_image(m.RebuildImageRequest(job_id=bad.job_id, body=m.RebuildImageRequestBody(action="retry")))
    assert c.show_image(m.ShowImageRequest(image_id=bad.image_id)).status == "active"
    for iid in (made.image_id, reg.image_id, bad.image_id):
        c.delete_image(m.DeleteImageRequest(image_id=iid))
    assert api_error(c.show_image, m.ShowImageRequest(image_id=made.image_id)) == (404, "IEC.030202")
    assert c.list_images(m.ListImagesRequest(imagetype="private")).total == 0


@covers("batch_list_metric_data")
def test_metrics(c, server):
    body = m.BatchListMetricDataRequestBody(metrics=[
        m.MetricInfo(namespace="SYS.IEC", metric_name="cpu_util",
                     dimensions=[m.MetricsDimension(name="instance_id", value=server.id)]),
        m.MetricInfo(namespace="SYS.IEC", metric_name="cpu_util",
                     dimensions=[m.MetricsDimension(name="instance_id", value="no-such-instance")])],
        period="300", filter="average", _from=1700000100000, to=1700003700000)
    first = c.batch_list_metric_data(m.BatchListMetricDataRequest(body=body)).body
    assert len(first) == 2
    has(first[0], "unit", "datapoints", "metric_name", "dimensions")
    points = first[0].datapoints
    assert len(points) == 12 and points[0].timestamp == 1700000100000 and points[-1].timestamp == 1700003400000
    assert all(0 <= p.average <= 100 for p in points) and first[0].unit == "%"
    assert first[1].datapoints == []
    again = c.batch_list_metric_data(m.BatchListMetricDataRequest(body=body)).body
    assert [p.average for p in again[0].datapoints] == [p.average for p in points]


@pytest.fixture(scope="module")
def system_vpc(c):
    return c.create_vpc(m.CreateVpcRequest(body=m.CreateVpcRequestBody(
        vpc=m.CreateVpcOption(name="vpc-system", cidr="10.20.0.0/16", mode="SYSTEM")))).vpc


def deployment_body(system_vpc, image, sites, name=None, ec_id=None, demand=1, level="site", policy="centralize"):
    return m.CreateDeploymentRequestBody(edgecloud=m.EdgeCloudOption(
        name=name, id=ec_id, description="contract",
        coverage=m.Coverage(coverage_policy=policy, coverage_level=level, coverage_sites=[
            m.CoverageSite(site=s, demands=[m.Demand(demand_count=demand)]) for s in sites]),
        stack=m.Stack(name="stack-contract", resources=[m.Resource(
            name="edge", image_ref=image.id, flavor_ref="c6.large.2", admin_pass="Edge-Pass12",
            net_config=m.NetConfig(vpc_id=system_vpc.id, nic_num=1), bandwidth=m.BandwidthConfig(sharetype="WHOLE"),
            root_volume=m.RootVolume(size=40, volume_type="SATA"), count=1)])))


@covers("create_deployment", "list_deployments", "execute_deployment", "list_edge_cloud", "show_edge_cloud",
        "expand_edgecloud", "delete_edge_cloud", "delete_deployment")
def test_deployments_and_edge_clouds(c, system_vpc, image, sites):
    cities = [sites[1].city, sites[2].city]
    made = c.create_deployment(m.CreateDeploymentRequest(body=deployment_body(
        system_vpc, image, cities, name="ec-contract", level="city")))
    assert made.id and len(made.locations) == 2
    has(made.locations[0], "site_id", "area", "province", "city", "operator", "pool_id", "stack_count")
    assert sorted(loc.site_id for loc in made.locations) == sorted([sites[1].id, sites[2].id])
    plans = c.list_deployments(m.ListDeploymentsRequest(status="open"))
    assert plans.count == 1 and plans.deployments[0].id == made.id
    has(plans.deployments[0], "id", "distribution", "edgecloud")
    assert plans.deployments[0].edgecloud.stacks.resources[0].admin_pass == "******"
    run = c.execute_deployment(m.ExecuteDeploymentRequest(deployment_id=made.id))
    has(run, "id", "name", "deployment_id", "status", "job_id")
    assert (run.name, run.status, run.deployment_id) == ("ec-contract", "creating", made.id)
    ec = has(c.show_edge_cloud(m.ShowEdgeCloudRequest(edgecloud_id=run.id)), "id", "name", "stacks", "coverage",
             "success_num", "failed_num", "status", "edge_regions", "create_at", "update_at")
    assert (ec.status, ec.success_num, ec.failed_num, ec.edge_regions) == ("inService", 2, 0, 2)
    assert [cs.i18n_site for cs in ec.coverage.coverage_sites] == [sites[1].i18n_city, sites[2].i18n_city]
    assert c.list_deployments(m.ListDeploymentsRequest(edgecloud_id=run.id)).deployments[0].id == made.id
    listed = c.list_edge_cloud(m.ListEdgeCloudRequest(name="ec-contract"))
    assert listed.count == 1 and listed.edgeclouds[0].id == run.id
    servers = c.list_instances(m.ListInstancesRequest(edgecloud_id=run.id)).servers
    assert len(servers) == 2 and all(s.edgecloud_name == "ec-contract" for s in servers)
    grow = c.create_deployment(m.CreateDeploymentRequest(body=deployment_body(
        system_vpc, image, cities, ec_id=run.id, level="city")))
    more = c.expand_edgecloud(m.ExpandEdgecloudRequest(deployment_id=grow.id))
    assert (more.id, more.status) == (run.id, "updating")
    ec = c.show_edge_cloud(m.ShowEdgeCloudRequest(edgecloud_id=run.id))
    assert (ec.status, ec.success_num) == ("inService", 4)
    assert [cs.demands[0].demand_count for cs in ec.coverage.coverage_sites] == [2, 2]
    gone = c.delete_edge_cloud(m.DeleteEdgeCloudRequest(edgecloud_id=run.id))
    assert gone.job_id
    assert api_error(c.show_edge_cloud, m.ShowEdgeCloudRequest(edgecloud_id=run.id)) == (404, "IEC.010000")
    assert c.list_instances(m.ListInstancesRequest(edgecloud_id=run.id)).count == 0
    for plan_id in (made.id, grow.id):
        c.delete_deployment(m.DeleteDeploymentRequest(deployment_id=plan_id))
    assert c.list_deployments(m.ListDeploymentsRequest()).count == 0
    assert api_error(c.delete_deployment, m.DeleteDeploymentRequest(deployment_id=made.id)) == (404, "IEC.010100")


@covers("delete_instances")
def test_delete_instance_removes_public_ips_and_volumes(c, net, server):
    s = c.show_instance(m.ShowInstanceRequest(server_id=server.id)).server
    vols = [v.id for v in s.os_extended_volumesvolumes_attached]
    ports = {a.os_ext_ip_sport_id for a in s.addresses[net["vpc"].id]}
    eips_before = c.list_public_ips(m.ListPublicIpsRequest()).count
    assert any(c.list_public_ips(m.ListPublicIpsRequest(port_id=p)).count for p in ports)
    job = c.delete_instances(m.DeleteInstancesRequest(body=m.DeleteInstancesRequestBody(servers=[m.BaseId(id=s.id)])))
    assert job.job_id
    assert api_error(c.show_instance, m.ShowInstanceRequest(server_id=s.id)) == (404, "IEC.010200")
    for v in vols:
        assert api_error(c.show_volume, m.ShowVolumeRequest(volume_id=v)) == (404, "IEC.010560")
    assert c.list_public_ips(m.ListPublicIpsRequest()).count == eips_before - 1
    assert c.list_ports(m.ListPortsRequest(device_id=s.id)).ports == []
