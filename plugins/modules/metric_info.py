#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: metric_info
short_description: Read monitoring data of edge instances of Huawei Cloud Intelligent EdgeCloud (IEC)
version_added: 1.0.0
description:
  - Read the monitoring data (metrics such as C(cpu_util)) of edge instances, aggregated over a period, with one
    request for every instance and metric (C(POST /v1/batch-query-metric-data)).
  - This operation is in IEC's SDK (C(batch_list_metric_data)) but not in the API reference; the module follows the
    SDK's request and answer.
  - Instances, by name or id, that match no instance are left out, with a warning; an instance without data gets an
    empty list of data points.
author:
  - Huawei Cloud IEC Ansible contributors (@huaweicloud)
extends_documentation_fragment:
  - huaweicloud.iec.connection.MODULES
attributes:
  check_mode:
    description: Runs in check mode, reporting what would change without sending any request that changes it.
    support: full
    details:
      - The module only reads. Its request is a POST, which changes nothing, and is sent in check mode too.
  diff_mode:
    description: Returns the resource before and after the change.
    support: none
options:
  instances:
    description:
      - The edge instances, by name or id.
    type: list
    elements: str
    required: true
  metrics:
    description:
      - Names of the metrics, for example V(cpu_util), V(mem_util), V(disk_util_inband),
        V(network_incoming_bits_rate) or V(network_outgoing_bits_rate).
      - At most 500 instances times metrics in one task.
    type: list
    elements: str
    required: true
  namespace:
    description:
      - Namespace of the metrics, for example V(SYS.IEC). Sent only when set.
    type: str
  dimension:
    description:
      - Name of the dimension that carries the instance id.
    type: str
    default: instance_id
  period:
    description:
      - Aggregation period in seconds; V(1) reads the raw data.
    type: str
    choices: ['1', '300', '1200', '3600', '14400', '86400']
    default: '300'
  filter:
    description:
      - How the data of a period is aggregated.
    type: str
    choices: [average, max, min, sum, variance]
    default: average
  start:
    description:
      - Start of the time range, in milliseconds since the epoch. IEC rounds it down to the period. Best at least
        one period before O(end), since the current period is still being aggregated.
      - When not set, IEC's default (one period before O(end)).
    type: int
  end:
    description:
      - End of the time range, in milliseconds since the epoch. When not set, now.
    type: int
seealso:
  - module: huaweicloud.iec.instance_info
"""

EXAMPLES = r"""
- name: CPU and memory of two instances over the last hour, 5-minute averages
  huaweicloud.iec.metric_info:
    instances: [web-1, web-2]
    metrics: [cpu_util, mem_util]
    start: "{{ (now(utc=true).timestamp() * 1000) | int - 3600000 }}"
  register: usage

- name: The busiest period of web-1
  ansible.builtin.debug:
    msg: "{{ usage.metrics | selectattr('instance_name', 'equalto', 'web-1')
             | selectattr('metric_name', 'equalto', 'cpu_util') | map(attribute='datapoints') | first
             | map(attribute='value') | max }}"
"""

RETURN = r"""
metrics:
  description: One entry per instance and metric, in the order asked for.
  returned: always
  type: list
  elements: dict
  contains:
    instance_id:
      description: ID of the instance.
      type: str
    instance_name:
      description: Name of the instance, when it was given by name.
      type: str
    metric_name:
      description: Name of the metric.
      type: str
      sample: cpu_util
    namespace:
      description: Namespace of the metric.
      type: str
    unit:
      description: Unit of the values, for example V(%).
      type: str
      sample: "%"
    dimensions:
      description: The dimensions the data is for (C(name), C(value)).
      type: list
      elements: dict
    datapoints:
      description:
        - The data points in time order, each with C(timestamp) (milliseconds since the epoch) and C(value), the
          aggregate O(filter) asked for.
      type: list
      elements: dict
      sample: [{timestamp: 1607146800000, value: 12.5}]
"""

import time

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import run_module
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import IecInfo

MAX_METRICS = 500


class MetricInfo(IecInfo):
    argument_spec = dict(
        instances=dict(type="list", elements="str", required=True),
        metrics=dict(type="list", elements="str", required=True),
        namespace=dict(type="str"),
        dimension=dict(type="str", default="instance_id"),
        period=dict(type="str", default="300", choices=["1", "300", "1200", "3600", "14400", "86400"]),
        filter=dict(type="str", default="average", choices=["average", "max", "min", "sum", "variance"]),
        start=dict(type="int"),
        end=dict(type="int"),
    )

    kind = "metric"
    references = {"instances": catalog.ref("instance", "instance_id")}

    def __init__(self, module, client=None, wallclock=None):
        super(MetricInfo, self).__init__(module, client)
        self._wallclock = wallclock or time.time

    def validate(self):
        p = self.params
        count = len(p["instances"]) * len(p["metrics"])
        if count > MAX_METRICS:
            self.fail("instances times metrics asks for %d series; IEC answers at most %d in one request."
                      % (count, MAX_METRICS))
        if not p["instances"] or not p["metrics"]:
            self.fail("Give at least one instance and one metric.")
        if any(not m for m in p["metrics"]):
            self.fail("metrics holds an empty name.")
        self.end = p["end"] if p["end"] is not None else int(self._wallclock() * 1000)
        if p["start"] is not None and p["start"] >= self.end:
            self.fail("start (%d) must be before end (%d); both are milliseconds since the epoch." % (p["start"], self.end))

    def fetch(self):
        p = self.params
        targets = []
        for value in p["instances"]:
            ident = self.resolve_value("instances", value, missing_ok=True)
            if ident is None:
                self.warn("No instance has the name or id '%s'; it is left out." % value)
                continue
            targets.append((ident, value if value != ident else None))
        if not targets:
            return []
        series = []
        for ident, name in targets:
            for metric in p["metrics"]:
                entry = {"metric_name": metric, "dimensions": [{"name": p["dimension"], "value": ident}]}
                if p["namespace"] is not None:
                    entry["namespace"] = p["namespace"]
                series.append((ident, name, entry))
        body = {"metrics": [s[2] for s in series], "period": p["period"], "filter": p["filter"], "to": self.end}
        if p["start"] is not None:
            body["from"] = p["start"]
        answer = self.client.post(self.path, body=body)
        data = answer.get("body", answer) if isinstance(answer, dict) else answer
        # Answers are matched to the series by metric and instance, not by position.
        by_key = {}
        for got in data or []:
            for dim in got.get("dimensions") or []:
                by_key.setdefault((got.get("metric_name"), dim.get("value")), got)
        out = []
        for ident, name, entry in series:
            got = by_key.get((entry["metric_name"], ident)) or dict(entry, datapoints=[])
            out.append(dict(got, instance_id=ident, instance_name=name))
        return out

    def curate(self, resource):
        how = self.params["filter"]
        points = sorted(resource.get("datapoints") or [], key=lambda d: d.get("timestamp") or 0)
        return {
            "instance_id": resource["instance_id"],
            "instance_name": resource["instance_name"],
            "metric_name": resource.get("metric_name"),
            "namespace": resource.get("namespace"),
            "unit": resource.get("unit"),
            "dimensions": resource.get("dimensions"),
            "datapoints": [{"timestamp": d.get("timestamp"), "value": d.get(how)} for d in points],
        }


def main():
    run_module(MetricInfo)


if __name__ == "__main__":
    main()
