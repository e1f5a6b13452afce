# Sphinx configuration of the collection's HTML documentation (`make docs`, scripts/docs.sh).
# Started from what `antsibull-docs sphinx-init --use-current huaweicloud.iec` writes, then adapted:
# the Markdown guides (README.md, docs/, the roles' READMEs, the emulator's) are read by myst-parser
# from copies laid out as in the repository, so their relative links work unchanged; no intersphinx
# (the build is offline); nitpicky, and scripts/docs.sh runs sphinx-build with -W.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

project = 'huaweicloud.iec'
copyright = 'Huawei Cloud IEC Ansible contributors'  # pylint: disable=redefined-builtin

title = 'huaweicloud.iec - Ansible collection for Huawei Cloud Intelligent EdgeCloud'
html_short_title = 'huaweicloud.iec'
html_title = title

extensions = ['sphinx_antsibull_ext', 'myst_parser', 'repo_links', 'ansible_docsite']

source_suffix = {'.rst': 'restructuredtext', '.md': 'markdown'}
root_doc = 'index'

pygments_style = 'ansible'
highlight_language = 'YAML+Jinja'

html_theme = 'sphinx_ansible_theme'
html_show_sphinx = False
display_version = False
html_use_smartypants = True
html_use_modindex = False
html_use_index = False
html_copy_source = False

default_role = 'any'
nitpicky = True

# Links to a heading of another guide ([...](inventory.md#options)) resolve like on GitHub.
myst_heading_anchors = 4
myst_enable_extensions = ['colon_fence']

# Filled in by scripts/docs.sh: the repository checkout (to tell a link to one of its files from a broken
# link) and the URL such links point to.
repo_links_root = os.environ.get('IEC_DOCS_REPO_ROOT', '')
repo_links_url = os.environ.get('IEC_DOCS_REPO_URL', '')
