# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Normalisers: turn a value into the form two values are compared in.

Each takes one value (which may be None) and returns a comparable value. The engine applies the same
normaliser to what the user wrote and to what IEC answered, so spelling differences never show as
changes.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import binascii
import ipaddress


def ssh_public_key(value):
    """'type base64 [comment]' reduced to 'type base64'.

    The comment is free text that IEC rewrites or drops, and the seed's own example wraps keys over
    several lines, so only the key type and its body identify a key.
    """
    if value is None:
        return None
    parts = str(value).split()
    return " ".join(parts[:2])


def parse_ssh_rsa_bits(value):
    """Bits of the modulus of an OpenSSH 'ssh-rsa' public key, or raise ValueError saying why not."""
    parts = str(value).split()
    if len(parts) < 2:
        raise ValueError("it is not in the OpenSSH form 'ssh-rsa AAAA... [comment]'")
    key_type, body = parts[0], parts[1]
    if key_type != "ssh-rsa":
        raise ValueError("its type is %s, and IEC accepts only ssh-rsa keys" % key_type)
    try:
        blob = base64.b64decode(body.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise ValueError("its key body is not valid base64")
    fields = []
    pos = 0
    while pos < len(blob) and len(fields) < 3:
        if pos + 4 > len(blob):
            raise ValueError("its key body is truncated")
        size = int.from_bytes(blob[pos:pos + 4], "big")
        pos += 4
        if pos + size > len(blob):
            raise ValueError("its key body is truncated")
        fields.append(blob[pos:pos + size])
        pos += size
    if len(fields) != 3 or fields[0] != b"ssh-rsa":
        raise ValueError("its key body does not hold an RSA key")
    return int.from_bytes(fields[2], "big").bit_length()


def lower(value):
    return None if value is None else str(value).lower()


def sorted_list(value):
    """An order-free list of scalars; None and [] stay distinct (unset versus cleared)."""
    if value is None:
        return None
    return sorted(str(v) for v in value)


def cidr(value):
    """'10.0.0.1/24' and '10.0.0.0/24' are the same network; a bare address is a /32 (or /128)."""
    if value is None or value == "":
        return value
    try:
        return str(ipaddress.ip_network(str(value), strict=False))
    except ValueError:
        return str(value)


def ip_address(value):
    if value is None or value == "":
        return value
    try:
        return str(ipaddress.ip_address(str(value)))
    except ValueError:
        return str(value)
