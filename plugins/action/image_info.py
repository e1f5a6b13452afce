# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action of huaweicloud.iec.image_info: the module runs in the task's worker process where it may."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.huaweicloud.iec.plugins.plugin_utils.in_process import InProcessAction


class ActionModule(InProcessAction):
    """See plugins/plugin_utils/in_process.py."""
