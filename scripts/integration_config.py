"""Print tests/integration/integration_config.yml for an emulator listening at the given URL.

ansible-test passes that file to every integration target as extra vars. The credentials are the
emulator's built-in demo domain (iec_emulator.accounts.DEMO); the emulator serves IAM and IEC on one
port, so both endpoints are the same URL. tests/integration/integration_config.yml.template lists the
variables for running the targets by hand.
"""
import sys

import yaml
from iec_emulator.accounts import DEMO


def main(argv):
    if len(argv) != 2 or not argv[1].startswith(("http://", "https://")):
        sys.exit("usage: integration_config.py http(s)://HOST:PORT")
    url = argv[1].rstrip("/")
    config = {
        "iec_endpoint": url,
        "iec_iam_endpoint": url,
        "iec_access_key": DEMO["ak"],
        "iec_secret_key": DEMO["sk"],
        "iec_domain_id": DEMO["domain_id"],
        "iec_domain_name": DEMO["domain_name"],
        "iec_user": DEMO["user"],
        "iec_password": DEMO["password"],
    }
    sys.stdout.write("# Written by scripts/test.sh for the emulator it started; do not edit.\n")
    sys.stdout.write(yaml.safe_dump(config, default_flow_style=False, sort_keys=False))


if __name__ == "__main__":
    main(sys.argv)
