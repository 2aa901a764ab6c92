"""Checks over generated bodies: any valid body round-trips, any invalid one is refused.

The bodies come from the `strategies` package (valid beyond the schema, and invalid variants
that each break one named rule); conformance/suite/test_properties.py runs them.
"""

from __future__ import annotations

from pinpoint_conformance.checks.catalogue import register
from pinpoint_conformance.findings import Level

ROUND_TRIP = register(
    "LIFE-010", "LIFE", Level.MUST,
    "Any valid body (generated) is accepted with the success status and read back as written, "
    "modulo members the server owns.",
)
UPDATE_ROUND_TRIP = register(
    "VER-008", "VER", Level.SHOULD,
    "Any valid update (generated) adds exactly one version, and the versions list then holds "
    "that version.",
)
INVALID_REFUSED = register(
    "ERR-008", "ERR", Level.MUST,
    "A body that breaks one rule the reference states (generated: a member's type, a value "
    "outside its valid values, a date that is not ISO 8601...) is not carried out (no 2xx).",
)
REFUSED_LEAVES_NOTHING = register(
    "ERR-009", "ERR", Level.SHOULD,
    "A refused create creates nothing; a refused update changes nothing and adds no version.",
)
RULE_REFUSED = register(
    "ERR-010", "ERR", Level.SHOULD,
    "A body that breaks a rule the schema cannot state (x-rules: a schedule that ends before "
    "it starts, treatments over 100 percent...) is refused with 400.",
)
DECIDED_RULE_REFUSED = register(
    "ERR-011", "ERR", Level.SHOULD,
    "A body that breaks one rule the schema states but the reference does not (a decision of "
    "the contract: each finding cites its ERRATA entry) is refused with 400 and a MessageBody.",
)
