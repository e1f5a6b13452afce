"""Sphinx extension: the references antsibull-docs makes to the Ansible documentation site.

The pages antsibull-docs writes refer to a few labels of docs.ansible.com (common return values, the
configuration settings and their environment variables), which intersphinx would resolve by downloading
that site's inventory. The build is offline, so the targets are listed here; any other unresolved
reference still fails the build (nitpicky, -W).
"""
from docutils import nodes

BASE = 'https://docs.ansible.com/projects/ansible/devel/'
CONFIG = BASE + 'reference_appendices/config.html'

LABELS = {
    'common_return_values': BASE + 'reference_appendices/common_return_values.html',
    'ansible_configuration_settings': CONFIG,
    'callback_plugins': BASE + 'plugins/callback.html',
}

# Environment variables of ansible-core's own settings that plugin pages refer to (inventory cache, callbacks).
ENVVARS = ('ANSIBLE_CACHE_PLUGIN', 'ANSIBLE_CACHE_PLUGIN_CONNECTION', 'ANSIBLE_CACHE_PLUGIN_PREFIX',
           'ANSIBLE_CACHE_PLUGIN_TIMEOUT', 'ANSIBLE_INVENTORY_CACHE', 'ANSIBLE_INVENTORY_CACHE_PLUGIN',
           'ANSIBLE_INVENTORY_CACHE_CONNECTION', 'ANSIBLE_INVENTORY_CACHE_PLUGIN_PREFIX',
           'ANSIBLE_INVENTORY_CACHE_TIMEOUT',
           # the setting that enables a callback (the summary callback's page)
           'ANSIBLE_CALLBACKS_ENABLED')


def resolve(_app, _env, node, contnode):
    target = node.get('reftarget')
    if node.get('refdomain') == 'std' and node.get('reftype') in ('ref', 'any') and target in LABELS:
        uri = LABELS[target]
    elif node.get('refdomain') == 'std' and node.get('reftype') in ('envvar', 'any') and target in ENVVARS:
        uri = '%s#envvar-%s' % (CONFIG, target)
    else:
        return None
    reference = nodes.reference('', '', internal=False, refuri=uri)
    reference.append(contnode)
    return reference


def setup(app):
    app.connect('missing-reference', resolve)
    return {'parallel_read_safe': True, 'parallel_write_safe': True}
