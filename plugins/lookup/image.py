# -*- coding: utf-8 -*-
# Copyright: Huawei Cloud IEC Ansible contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: image
short_description: Find Huawei Cloud IEC images by name
version_added: 1.0.0
description:
  - Returns, for each name given, the image (C(GET /v1/images)) with exactly that name, as the API
    returns it (V(id), V(name), V(status), V(__os_version), ...).
  - Image names are not unique. When several images share a name, the most recently created one is
    returned, so that a playbook picks up a rebuilt image without changes.
author:
  - Huawei Cloud IEC Ansible contributors (@huaweicloud)
extends_documentation_fragment:
  - huaweicloud.iec.connection.PLUGINS
options:
  _terms:
    description: Image names (exact) or image ids.
    type: list
    elements: str
    required: true
  visibility:
    description: Only images of this visibility. Sent to the API.
    type: str
    choices: [public, private, shared, market]
  image_type:
    description: Only images of this type (the API's C(__imagetype)), for example V(gold) or V(private).
    type: str
  os_type:
    description: Only images of this operating system type. Sent to the API.
    type: str
    choices: [Linux, Windows, Other]
  status:
    description: Only images in this state; V(active) images are the ones instances can boot from.
    type: str
    default: active
  on_missing:
    description:
      - What to do when a name matches no image.
      - V(error) fails the task, V(warn) warns and leaves that name out, V(skip) leaves it out silently.
    type: str
    default: error
    choices: [error, warn, skip]
"""

EXAMPLES = r"""
- name: The newest image called CentOS 7.6 64bit
  ansible.builtin.set_fact:
    image_id: "{{ lookup('huaweicloud.iec.image', 'CentOS 7.6 64bit').id }}"

- name: Two private images, leaving out any that does not exist
  ansible.builtin.debug:
    msg: "{{ query('huaweicloud.iec.image', 'web-v3', 'db-v2', visibility='private', on_missing='warn') }}"
"""

RETURN = r"""
_raw:
  description: One image per name found, as C(GET /v1/images) returns it.
  type: list
  elements: dict
"""

import re

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display

from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecClient
from ansible_collections.huaweicloud.iec.plugins.module_utils.inventory_helpers import (
    client_options,
    list_resources,
    lookup_errors,
    missing,
)

display = Display()

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        if not terms:
            # Ansible does not enforce required _terms; without a name the look-up would quietly answer nothing.
            raise AnsibleLookupError("huaweicloud.iec.image needs the name or id of at least one image, for example "
                                     "lookup('huaweicloud.iec.image', 'Ubuntu 22.04 server 64bit').")
        on_missing = self.get_option("on_missing")
        base = {}
        for option, key in (("visibility", "visibility"), ("image_type", "__imagetype"),
                            ("os_type", "__os_type"), ("status", "status")):
            if self.get_option(option):
                base[key] = self.get_option(option)
        images = []
        with lookup_errors("image", AnsibleLookupError):
            client = IecClient(client_options(self.get_option), warn=display.warning)
            for term in terms:
                # One request per name: the API matches names exactly, and listing every image
                # of a large account to find one would cost many pages.
                filters = dict(base, **{"id" if _UUID.match(term) else "name": term})
                hits = list_resources(client, "images", filters)
                if not hits:
                    missing(on_missing, "No IEC image %r%s" % (term, self._describe(base)), display.warning)
                    continue
                images.append(max(hits, key=lambda i: (str(i.get("created_at") or ""), str(i.get("id")))))
        return images

    @staticmethod
    def _describe(base):
        return (" with " + ", ".join("%s %s" % item for item in sorted(base.items()))) if base else ""
