"""Sphinx extension: links of the Markdown guides to repository files that are not pages of the site.

The guides link to files of the repository (``[edge.yml](../examples/edge.yml)``), which GitHub shows but
a documentation site does not hold. Before myst-parser reads a guide, each such relative link whose
target exists in the checkout becomes a link to that file in the repository (galaxy.yml ``repository``);
links to other guides are left to myst-parser, and a link to a file that does not exist is left alone too,
so that Sphinx reports it (scripts/docs.sh builds with -W: a broken link fails the build).
"""
import os
import posixpath
import re

# [text](target) and [text](target "title"); the target has no spaces and no closing parenthesis.
LINK = re.compile(r'(\]\()([^)\s]+)((?:\s+"[^"]*")?\))')
FENCE = re.compile(r'^\s*(```|~~~)')
SCHEME = re.compile(r'^[a-zA-Z][a-zA-Z0-9+.-]*:')


def _rewrite_line(line, docdir, app):
    root = app.config.repo_links_root
    url = app.config.repo_links_url.rstrip('/')

    def replace(match):
        target = match.group(2)
        if SCHEME.match(target) or target.startswith('#') or target.startswith('/'):
            return match.group(0)
        path, _sep, anchor = target.partition('#')
        repo_path = posixpath.normpath(posixpath.join(docdir, path))
        if repo_path.startswith('..'):
            return match.group(0)
        if os.path.isfile(os.path.join(app.srcdir, repo_path)):
            return match.group(0)  # a page of the site (or a file copied beside it): myst-parser links it
        full = os.path.join(root, repo_path)
        if not os.path.exists(full):
            return match.group(0)  # broken: myst-parser warns, -W fails the build
        kind = 'tree' if os.path.isdir(full) else 'blob'
        return '%s%s/%s/main/%s%s%s' % (match.group(1), url, kind, repo_path, '#' + anchor if anchor else '', match.group(3))

    return LINK.sub(replace, line)


def rewrite_repository_links(app, docname, source):
    if not app.config.repo_links_root or not app.config.repo_links_url:
        return
    if not str(app.env.doc2path(docname)).endswith('.md'):
        return
    docdir = posixpath.dirname(docname)
    lines = source[0].split('\n')
    fence = None
    for index, line in enumerate(lines):
        opening = FENCE.match(line)
        if fence:
            if opening and opening.group(1) == fence:
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        lines[index] = _rewrite_line(line, docdir, app)
    source[0] = '\n'.join(lines)


def setup(app):
    app.add_config_value('repo_links_root', '', 'env')
    app.add_config_value('repo_links_url', '', 'env')
    app.connect('source-read', rewrite_repository_links)
    return {'parallel_read_safe': True, 'parallel_write_safe': True}
