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


def as_int(value):
    """The value as an int when it reads as one (IEC answers a flavor's vcpus and ram as strings), else as it is."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


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


# --- network modules (VPC, subnet, security group rules) --------------------------------------------

NAME_CHARACTERS = "letters, digits, Chinese characters, '_', '-' and '.'"


def name_problem(option, value, minimum=1, maximum=64):
    """Why a VPC or subnet name breaks the seed's rule (1-64 of NAME_CHARACTERS), or None."""
    if value is None:
        return None
    if not minimum <= len(value) <= maximum:
        return "%s must be %d to %d characters long; '%s' has %d." % (option, minimum, maximum, value, len(value))
    bad = sorted(set(c for c in value if not (c.isalnum() or c in "_-.")))
    if bad:
        shown = " ".join("'%s'" % c for c in bad)
        return "%s may hold only %s; '%s' has %s." % (option, NAME_CHARACTERS, value, shown)
    return None


def ip_list(value):
    """A list of IP addresses in its order (DNS servers are tried in order); None stays None."""
    if value is None:
        return None
    return [ip_address(v) for v in value]


_PROTOCOL_NAMES = {"1": "icmp", "6": "tcp", "17": "udp", "58": "icmpv6", "ipv6-icmp": "icmpv6"}
_ANY = ("", "any", "all", "-1")
_PORTED = ("tcp", "udp")
RULE_KEY_FIELDS = ("direction", "ethertype", "protocol", "port_range_min", "port_range_max",
                   "remote_ip_prefix", "remote_group_id", "action", "priority")
RULE_FIELDS = RULE_KEY_FIELDS + ("description",)


def rule_protocol(value):
    """'TCP', 'tcp' and 6 are one protocol; None, '', 'any', 'all' and -1 all mean every protocol (None)."""
    if value is None:
        return None
    text = str(value).strip().lower()
    if text in _ANY:
        return None
    if text.isdigit():
        text = str(int(text))
    return _PROTOCOL_NAMES.get(text, text)


def rule_port(value):
    """A port as an int; None, '' and -1 mean no port given. IEC answers ports as strings or numbers."""
    if value is None or (isinstance(value, str) and value.strip() in ("", "-1")):
        return None
    value = int(value)
    return None if value == -1 else value


def _family(prefix):
    try:
        return "IPv%d" % ipaddress.ip_network(str(prefix), strict=False).version
    except ValueError:
        return None


def security_group_rules(group):
    """A security group's rules as security_group and security_group_info return them: each in the compared
    form (security_group_rule()), with its id and the fields of RULE_FIELDS."""
    return {"security_group_rules": [dict((k, r.get(k)) for k in ("id",) + RULE_FIELDS)
                                     for r in (security_group_rule(rule)
                                               for rule in group.get("security_group_rules") or [])]}


def security_group_rule(rule):
    """A security group rule in the one form IEC's answer and the user's wish are compared in.

    protocol names, numbers and 'any'; a single port written as min or max alone; 1-65535 for TCP/UDP
    meaning every port; a bare address being its /32 (or /128); 0.0.0.0/0 and ::/0 meaning any
    address; ethertype defaulting from the remote address or ICMPv6, else IPv4; action allow and
    priority 1 by default. Keys outside RULE_FIELDS (id, security_group_id) are kept as they are.
    """
    out = dict(rule)
    protocol = rule_protocol(rule.get("protocol"))
    low, high = rule_port(rule.get("port_range_min")), rule_port(rule.get("port_range_max"))
    if low is None:
        low = high
    if high is None:
        high = low
    if protocol in _PORTED and (low, high) == (1, 65535):
        low = high = None
    prefix = rule.get("remote_ip_prefix")
    prefix = cidr(prefix) if prefix not in (None, "") else None
    if prefix in ("0.0.0.0/0", "::/0"):
        ethertype_hint, prefix = "IPv4" if prefix == "0.0.0.0/0" else "IPv6", None
    else:
        ethertype_hint = _family(prefix) if prefix else ("IPv6" if protocol == "icmpv6" else None)
    ethertype = rule.get("ethertype")
    ethertype = {"ipv4": "IPv4", "ipv6": "IPv6", "4": "IPv4", "6": "IPv6"}.get(
        str(ethertype).strip().lower(), ethertype) if ethertype not in (None, "") else (ethertype_hint or "IPv4")
    priority = rule.get("priority")
    out.update(
        direction=None if rule.get("direction") is None else str(rule["direction"]).strip().lower(),
        ethertype=ethertype,
        protocol=protocol,
        port_range_min=low,
        port_range_max=high,
        remote_ip_prefix=prefix,
        remote_group_id=rule.get("remote_group_id") or None,
        action=str(rule.get("action") or "allow").strip().lower(),
        priority=1 if priority in (None, "") else int(priority),
        description=rule.get("description"),
    )
    return out


def security_group_rule_key(rule):
    """The identity of a normalised rule: every field but its description (and id)."""
    return tuple(rule.get(f) for f in RULE_KEY_FIELDS)


def security_group_rule_problem(rule, where="rule"):
    """Why a rule the user wrote breaks the seed's constraints (4.10.6), as a sentence, or None."""
    def bad(text):
        return "%s: %s" % (where, text)

    if rule.get("direction") not in ("ingress", "egress"):
        return bad("direction must be ingress or egress, got %s." % rule.get("direction"))
    raw_protocol = rule.get("protocol")
    protocol = rule_protocol(raw_protocol)
    if protocol is not None and protocol not in ("tcp", "udp", "icmp", "icmpv6") and not (
            protocol.isdigit() and 0 <= int(protocol) <= 255):
        return bad("protocol must be tcp, udp, icmp, icmpv6, any, or an IP protocol number 0 to 255; got '%s'."
                   % raw_protocol)
    ports = []
    for option in ("port_range_min", "port_range_max"):
        try:
            port = rule_port(rule.get(option))
        except (TypeError, ValueError):
            return bad("%s must be a port number 1 to 65535, got '%s'." % (option, rule.get(option)))
        if port is not None and not 1 <= port <= 65535:
            return bad("%s must be 1 to 65535, got %d." % (option, port))
        ports.append(port)
    if None not in ports and ports[0] > ports[1]:
        return bad("port_range_min %d is greater than port_range_max %d." % tuple(ports))
    if ports != [None, None] and protocol is None:
        return bad("ports need a protocol (tcp or udp, for example); with any protocol every port is allowed.")
    ethertype = rule.get("ethertype")
    if ethertype is not None and ethertype not in ("IPv4", "IPv6"):
        return bad("ethertype must be IPv4 or IPv6, got %s." % ethertype)
    prefix = rule.get("remote_ip_prefix")
    if prefix not in (None, ""):
        family = _family(prefix)
        if family is None:
            return bad("remote_ip_prefix '%s' is neither an IP address nor a CIDR." % prefix)
        if ethertype and ethertype != family:
            return bad("remote_ip_prefix '%s' is an %s address but ethertype is %s; IEC needs them to agree "
                       "(IEC.020307)." % (prefix, family, ethertype))
        if rule.get("remote_group") or rule.get("remote_group_id"):
            return bad("give remote_ip_prefix or remote_group, not both (IEC.020308).")
    effective = security_group_rule(dict((k, v) for k, v in rule.items() if k != "remote_group"))
    if protocol == "icmpv6" and effective["ethertype"] != "IPv6":
        return bad("protocol icmpv6 needs ethertype IPv6.")
    if protocol == "icmp" and effective["ethertype"] != "IPv4":
        return bad("protocol icmp needs ethertype IPv4; use icmpv6 for IPv6.")
    if rule.get("action") not in (None, "allow", "deny"):
        return bad("action must be allow or deny, got %s." % rule.get("action"))
    priority = rule.get("priority")
    if priority is not None and not 1 <= int(priority) <= 100:
        return bad("priority must be 1 (highest) to 100, got %s." % priority)
    description = rule.get("description")
    if description is not None and len(description) > 64:
        return bad("description must be at most 64 characters long; it has %d." % len(description))
    return None


def site_operators(site):
    """The carriers of a site's IP lines, sorted and without repeats (the operators key of site_info and of
    the site look-up)."""
    return sorted(set((pool.get("operator") or {}).get("name") for pool in site.get("pools") or [])
                  - set([None, ""]))
