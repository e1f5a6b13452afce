#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: keypair_info
short_description: List SSH key pairs of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Return every key pair of the account, or the one named by O(name) (IEC API C(/v1/os-keypairs)).
  - A name that does not exist gives an empty list, not a failure.
author:
  - Huawei Cloud IEC Ansible contributors (@huaweicloud)
extends_documentation_fragment:
  - huaweicloud.iec.connection.MODULES
attributes:
  check_mode:
    description: Runs in check mode, reporting what would change without sending any request that changes it.
    support: full
    details:
      - The module only reads.
  diff_mode:
    description: Returns the resource before and after the change.
    support: none
options:
  name:
    description:
      - Name of the key pair to return. Without it, all key pairs are returned.
    type: str
seealso:
  - module: huaweicloud.iec.keypair
"""

EXAMPLES = r"""
- name: List all key pairs
  huaweicloud.iec.keypair_info:
  register: all_keypairs

- name: Check whether a key pair exists
  huaweicloud.iec.keypair_info:
    name: deploy
  register: found

- name: Import it when it is missing
  huaweicloud.iec.keypair:
    name: deploy
    public_key: "{{ lookup('ansible.builtin.file', '~/.ssh/id_rsa.pub') }}"
  when: found.keypairs | length == 0
"""

RETURN = r"""
keypairs:
  description: The key pairs found; empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Name of the key pair.
      type: str
      sample: deploy
    public_key:
      description: The OpenSSH public key.
      type: str
      sample: ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC4uGmCeHNac9ToRtbaGIB02iCakFNk76XY Generated-by-Nova
    fingerprint:
      description: Fingerprint of the public key.
      type: str
      sample: "SHA256:vqILnOoQ+aRoQLylIwFcCAxETrLqvUBJEznlGqndwNY"
    user_id:
      description: ID of the user who owns the key pair.
      type: str
      sample: dc36c78ad96f42e394f3221bf7c17166
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecInfo


class KeypairInfo(IecInfo):
    argument_spec = dict(name=dict(type="str"))

    kind = "keypair"
    returns = ("name", "public_key", "fingerprint", "user_id")


def main():
    run_module(KeypairInfo)


if __name__ == "__main__":
    main()
