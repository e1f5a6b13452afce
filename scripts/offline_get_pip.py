"""ansible-test's pip bootstrap for machines that cannot reach its download host (written for this collection).

ansible-test creates virtual environments without pip and then runs a cached bootstrap script,
~/.ansible/test/cache/get_pip_<version>.py, downloading it when the file is missing. scripts/common.sh
(install_get_pip) puts a stand-in under that name: the one in ../shared/ci when the checkout has it,
else this file. It installs pip from the wheel that ships inside the interpreter (ensurepip), then the
pip version ansible-test asked for from the package index. ansible-test runs it with
PIP_CONFIG_FILE=/dev/null, so the system CA bundle is passed explicitly where it exists.
"""
import ensurepip
import os
import subprocess
import sys

SYSTEM_CA = "/etc/ssl/certs/ca-certificates.crt"
# get-pip.py options that this stand-in has no use for (setuptools and wheel are not wanted here).
IGNORED = {"--no-setuptools", "--no-wheel"}


def main(argv):
    wanted = [a for a in argv if a not in IGNORED]
    ensurepip.bootstrap(upgrade=True)
    cmd = [sys.executable, "-m", "pip", "install", "--quiet", "--upgrade"]
    if os.path.isfile(SYSTEM_CA):
        cmd += ["--cert", SYSTEM_CA]
    return subprocess.call(cmd + wanted)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
