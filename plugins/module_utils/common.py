# -*- coding: utf-8 -*-
# Copyright: Contributors to the huaweicloud.iec collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Glue every module shares: the connection options and an AnsibleModule that owns a client."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
from contextlib import contextmanager

from ansible.module_utils.basic import AnsibleModule, env_fallback

from ansible_collections.huaweicloud.iec.plugins.module_utils.client import (
    CONNECTION_OPTIONS,
    DEFAULT_ENDPOINT,
    DEFAULT_IAM_ENDPOINT,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    IecClient,
    IecError,
)

# The connection option names, in documentation order; plugins read each with get_option().
env_option_names = [name for name, _env in CONNECTION_OPTIONS]

_ENV = dict(CONNECTION_OPTIONS)


def connection_argument_spec():
    """Return a fresh argument spec holding every connection option, each with its env fallback."""
    def option(name, **spec):
        spec["fallback"] = (env_fallback, [_ENV[name]])
        return spec

    return dict(
        access_key=option("access_key", type="str", aliases=["ak"], no_log=False),
        secret_key=option("secret_key", type="str", aliases=["sk"], no_log=True),
        domain_id=option("domain_id", type="str"),
        security_token=option("security_token", type="str", no_log=True),
        auth_token=option("auth_token", type="str", no_log=True),
        user=option("user", type="str"),
        password=option("password", type="str", no_log=True),
        domain_name=option("domain_name", type="str"),
        endpoint=option("endpoint", type="str", default=DEFAULT_ENDPOINT),
        iam_endpoint=option("iam_endpoint", type="str", default=DEFAULT_IAM_ENDPOINT),
        validate_certs=option("validate_certs", type="bool", default=True),
        ca_path=option("ca_path", type="path"),
        api_timeout=option("api_timeout", type="int", default=DEFAULT_TIMEOUT),
        api_retries=option("api_retries", type="int", default=DEFAULT_RETRIES),
    )


def client_options(source):
    """Collect the connection options from module params (a dict) or a plugin's ``get_option``."""
    if callable(source):
        options = {}
        for name in env_option_names:
            try:
                options[name] = source(name)
            except KeyError:
                # A plugin that does not declare an option simply leaves it unset.
                options[name] = None
        return options
    return dict((name, source.get(name)) for name in env_option_names)


class IecModule(AnsibleModule):
    """An AnsibleModule with the connection options merged in and an IecClient on demand.

    ``client`` is built from the parameters the first time it is used; a bad option fails the
    module with a one-sentence message before any request. ``fail_iec()`` and ``handle_errors()``
    turn an IecError into ``fail_json(msg=..., error=...)`` without a traceback.
    """

    def __init__(self, argument_spec=None, **kwargs):
        spec = connection_argument_spec()
        clash = sorted(set(spec) & set(argument_spec or {}))
        if clash:
            raise ValueError("module options %s clash with the connection options" % ", ".join(clash))
        spec.update(argument_spec or {})
        self._validating = True
        super(IecModule, self).__init__(argument_spec=spec, **kwargs)
        self._validating = False
        self._client = None

    def fail_json(self, msg, **kwargs):
        result = getattr(self, "validation_result", None)
        if getattr(self, "_validating", False) and result is not None and len(result.errors.messages) > 1:
            # Ansible reports only the first of its argument errors. For a list element of the wrong type that is
            # "dictionary requested, could not parse JSON or key=value", and only the next one names the option.
            parts = [msg] + [m for m in result.errors.messages[1:] if m not in (msg, result.errors.msg)]
            msg = " ".join(p.rstrip(".") + "." for p in dict.fromkeys(parts))
        super(IecModule, self).fail_json(msg=msg, **kwargs)

    @property
    def client(self):
        if self._client is None:
            try:
                self._client = IecClient(client_options(self.params), warn=self.warn, log=self.debug)
            except IecError as e:
                self.fail_iec(e)
        return self._client

    def fail_iec(self, error, msg=None):
        """Fail the module with ``error`` (an IecError); ``msg`` replaces its own sentence."""
        self.fail_json(msg=msg or str(error), error=error.to_dict())

    @contextmanager
    def handle_errors(self):
        """``with module.handle_errors():`` fails the module on any IecError raised inside."""
        try:
            yield self
        except IecError as e:
            self.fail_iec(e)


def run_module(runner):
    """The whole ``main()`` of every module in this collection, as openstack.cloud's modules declare theirs.

    ``runner`` is the module's class. It declares ``argument_spec`` (its own options; IecModule adds the
    connection options) and, where it has any, ``module_kwargs``: the other arguments AnsibleModule takes
    (mutually_exclusive, required_one_of, ...). Every module supports check mode. The runner is built on the
    module and its ``run()`` does the task and exits.
    """
    module = IecModule(argument_spec=copy.deepcopy(runner.argument_spec), supports_check_mode=True,
                       **getattr(runner, "module_kwargs", {}))
    runner(module).run()
