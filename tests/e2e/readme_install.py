"""The install commands of the README packaged in the collection's tarball, as a user copies them.

Reads the packaged README.md (argument 1), checks what a person holding only the tarball needs from it, and
prints the commands of its "## Install" section one per line, for scripts/e2e.sh to run:
* the section exists and names ansible-galaxy collection install, pip install -r requirements.txt, the three
  credential variables and the provision playbook;
* make demo / make test appear only in sections about the repository (their heading says so: "From the
  repository", "Development (from the repository)"), the first of which says how to get a clone (the
  tarball has no Makefile);
* the commands come out as written, except that `ansible-galaxy collection install huaweicloud.iec` installs
  the tarball under test ("$TARBALL": Galaxy is out of reach here) and `export` lines of placeholder
  credentials are left out (the test exports the emulator's).
"""
import re
import sys


def section(text, heading_re):
    match = re.search(r"^## %s[^\n]*\n(.*?)(?=^## |\Z)" % heading_re, text, flags=re.S | re.M)
    return match


def main(path):
    text = open(path, encoding="utf-8").read()
    install = section(text, "Install")
    assert install, "the packaged README has no '## Install' section"
    body = install.group(1)
    for needed in ("ansible-galaxy collection install", "pip install -r", "requirements.txt", "HUAWEICLOUD_SDK_AK",
                   "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_DOMAIN_ID", "huaweicloud.iec.provision",
                   "huaweicloud.iec.teardown"):
        assert needed in body, "the packaged README's install section does not mention %s" % needed
    repo = section(text, "From the repository")
    assert repo, "the packaged README has no 'From the repository' section"
    assert "git clone" in repo.group(1), "the 'From the repository' section does not say how to get a clone (git clone)"
    for heading, body_of in re.findall(r"^## ([^\n]*)\n(.*?)(?=^## |\Z)", text, flags=re.S | re.M):
        if "repository" in heading.lower():
            continue
        for command in ("make demo", "make test"):
            assert command not in body_of, "the packaged README offers '%s' in '## %s', not about the repository" % (
                command, heading)
    for block in re.findall(r"^```sh\n(.*?)^```", body, flags=re.S | re.M):
        for line in block.splitlines():
            command = line.split("  #")[0].strip()
            if not command or command.startswith("export "):
                continue
            print(command.replace("ansible-galaxy collection install huaweicloud.iec",
                                  'ansible-galaxy collection install "$TARBALL"'))


if __name__ == "__main__":
    main(sys.argv[1])
