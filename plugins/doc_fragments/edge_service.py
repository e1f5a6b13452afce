# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # The stack (instance template) and the coverage of an edge service, shared by the edgecloud and
    # deployment modules (seed 4.1.1, tables 4-3 to 4-14).
    DOCUMENTATION = r"""
options:
  stack:
    description:
      - The stack (resource group) of the edge service, that is the template IEC creates its instances from.
        The module supports one instance template per stack.
      - Names are resolved to ids before any request. Required to create, with O(stack.flavor), O(stack.image),
        O(stack.vpc) and O(stack.root_volume).
      - IEC cannot change the stack of an existing edge service. The options given are compared with it, and a
        difference fails the task naming the option; options left unset are not compared. O(stack.admin_pass)
        and O(stack.user_data) are never compared.
    type: dict
    suboptions:
      name:
        description:
          - Name of the stack, 1 to 48 letters (Chinese characters included), digits, C(-) and C(_).
          - When not set, the name of the edge service at creation.
        type: str
      instance_name:
        description:
          - Name of the instances, 1 to 48 letters (Chinese characters included), digits, C(-), C(_) and C(.).
            IEC numbers them C(<instance_name>-0001), C(<instance_name>-0002) and so on, per site.
          - When not set, the name of the edge service at creation.
        type: str
      with_prefix:
        description:
          - Let IEC put its prefix in front of the instance names (for example C(IEC-XA01-web-0001)).
          - When not set, V(false) at creation, so that the names stay as written.
        type: bool
      flavor:
        description:
          - The flavor of the instances, by name or id (for example V(s6.small.1)); see M(huaweicloud.iec.flavor_info).
        type: str
      image:
        description:
          - The system image of the instances, by name or id; see M(huaweicloud.iec.image_info).
        type: str
      vpc:
        description:
          - The VPC of the instances, by name or id. It must be a C(SYSTEM)-mode VPC
            (see M(huaweicloud.iec.vpc)), in which IEC plans one subnet per site.
        type: str
      nic_num:
        description:
          - NICs per instance, 1 to 8. When not set, 1 at creation.
        type: int
      security_groups:
        description:
          - Security groups of the NICs, by name or id. Without it, IEC uses the default security group.
        type: list
        elements: str
      root_volume:
        description:
          - The system disk of each instance.
        type: dict
        suboptions:
          size:
            description: Size in GB, 40 to 100.
            type: int
            required: true
          volume_type:
            description: Volume type the sites offer, for example V(SAS); see M(huaweicloud.iec.volume_type_info).
            type: str
            required: true
      data_volumes:
        description:
          - Up to 2 data disks of each instance.
        type: list
        elements: dict
        suboptions:
          size:
            description: Size in GB, 1 to 500.
            type: int
            required: true
          volume_type:
            description: Volume type the sites offer.
            type: str
            required: true
      key_name:
        description:
          - Name of the key pair to log in with (see M(huaweicloud.iec.keypair)). Not with O(stack.admin_pass).
        type: str
      admin_pass:
        description:
          - Initial password of C(root) (Linux) or C(Administrator) (Windows), when not logging in with a key pair.
            Never logged, returned nor compared (IEC masks it).
          - 8 to 26 characters with three of upper case letters, lower case letters, digits and the special
            characters C(!@$%^-_=+[{}]:,./?), and neither C(root) nor C(Administrator), forwards or backwards.
        type: str
      user_data:
        description:
          - User data for cloud-init, as plain text; the module encodes it in base64, as IEC expects (under 65535
            characters once encoded). Never logged, returned nor compared.
        type: str
      bandwidth_size:
        description:
          - Give each instance a public IP in a shared bandwidth (C(WHOLE)) of this many Mbit/s, on the line of its
            demand (O(coverage.sites[].pool_id) or O(coverage.sites[].operator)). Without it, no public IP.
        type: int
      count:
        description:
          - Instances per demanded resource group, so that a site with O(coverage.sites[].count=2) gets
            C(2 * count) instances. When not set, 1 at creation.
        type: int
      allowed_address_pairs:
        description:
          - IP/MAC pairs the NICs may also send from (for virtual IPs). C(0.0.0.0/0) is refused;
            C(1.1.1.1/0) turns the source and destination check off. Not compared.
        type: list
        elements: dict
        suboptions:
          ip_address:
            description: IP address or CIDR.
            type: str
            required: true
          mac_address:
            description: MAC address.
            type: str
  coverage:
    description:
      - Where the instances go and how many (IEC's coverage). Required to create.
    type: dict
    suboptions:
      policy:
        description:
          - V(centralize) puts each demand on one site; V(discrete) spreads it over the sites of the place.
          - Only V(centralize) at O(coverage.level=site).
        type: str
        required: true
        choices: [centralize, discrete]
      level:
        description:
          - What O(coverage.sites[].site) names. V(area) (for example V(east)), V(prov) (a province), V(city)
            (a city, for example V(xian)) or V(site) (a site, by name or id; the module sends its id).
          - Names are case-sensitive, as M(huaweicloud.iec.site_info) reports them.
        type: str
        required: true
        choices: [area, prov, city, site]
      sites:
        description:
          - The demands, one per place and carrier.
        type: list
        elements: dict
        required: true
        suboptions:
          site:
            description: The area, province, city or site, as O(coverage.level) says.
            type: str
            required: true
          count:
            description: Resource groups (of O(stack.count) instances) to place there, 1 to 10.
            type: int
            required: true
          operator:
            description: The carrier whose line the public IPs are on, for example V(chinamobile).
            type: str
          pool_id:
            description:
              - The line (pool id of a site, for example V(xian_cmcc)) of the public IPs. Not at level V(area)
                or V(prov).
            type: str
          bandwidth_type:
            description: Shared bandwidth type of the public IPs; IEC creates a bandwidth of that type when none exists.
            type: str
          pool_id_v6:
            description: IPv6 line whose subnets give the instances IPv6 ports.
            type: str
          ipv6_bandwidth_enable:
            description: Give the IPv6 ports public access through an IPv6 bandwidth.
            type: bool
          ipv6_bandwidth_type:
            description: Bandwidth type of that IPv6 bandwidth.
            type: str
"""
