"""Where each rule of the contract comes from, and so how sure a finding is.

`spec/provenance.yaml` (shipped beside the contract) gives every check, every rule of the
invalid-body catalogue and every decided constraint of the response schemas one of two
provenances:

- **stated**: the reference says it (and the public service model does not contradict it);
  the reference's words are quoted with their section and page. A stated rule is MUST.
- **decision**: the reference is silent, or the service model says otherwise; the ERRATA
  entry that records the contract's choice is cited. A decision is SHOULD.

Findings carry the provenance of the rule they apply, so a report says how sure it is.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pinpoint_conformance.contract import load_yaml, spec_file
from pinpoint_conformance.findings import Level

PROVENANCE_FILE = "provenance.yaml"
Kind = Literal["stated", "decision"]


class ProvenanceError(Exception):
    """The provenance file is missing an entry or is malformed."""


@dataclass(frozen=True)
class Provenance:
    """Stated by the reference (a quote, its section and page) or a decision (ERRATA)."""

    kind: Kind
    section: str = ""
    page: int | None = None
    quote: str = ""
    errata: tuple[str, ...] = ()
    says: str = ""  # for a decision: the reference's own words on the matter, if any

    @property
    def level(self) -> Level:
        return Level.MUST if self.kind == "stated" else Level.SHOULD

    def cite(self) -> str:
        """One line: `stated: "words" (Section, p. N)` or `decision: ERRATA E20, E21`."""
        if self.kind == "stated":
            page = f", p. {self.page}" if self.page is not None else ""
            return f'stated: "{self.quote}" ({self.section}{page})'
        errata = ", ".join(self.errata)
        return f"decision: ERRATA {errata}" if errata else "decision"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "section": self.section or None,
            "page": self.page,
            "quote": self.quote or None,
            "errata": list(self.errata),
        }


def stated(section: str, page: int | None, quote: str) -> Provenance:
    return Provenance("stated", section=section, page=page, quote=quote)


def decision(*errata: str, says: str = "") -> Provenance:
    return Provenance("decision", errata=tuple(errata), says=says)


def _parse(entry: Any, where: str) -> Provenance:
    if not isinstance(entry, dict) or len({"stated", "decision"} & set(entry)) != 1:
        raise ProvenanceError(f"{where}: needs exactly one of stated or decision")
    if "stated" in entry:
        body = entry["stated"] or {}
        if not body.get("quote") or not body.get("section"):
            raise ProvenanceError(f"{where}: a stated rule quotes the reference (section, quote)")
        return stated(str(body["section"]), body.get("page"), str(body["quote"]))
    body = entry["decision"] or {}
    errata = tuple(str(e) for e in body.get("errata") or ())
    if not errata:
        raise ProvenanceError(f"{where}: a decision cites its ERRATA entry")
    return decision(*errata, says=str(body.get("says") or ""))


@dataclass(frozen=True)
class Provenances:
    """The whole file, by check id, by rule (at its component) and by response constraint."""

    checks: dict[str, Provenance]
    rules: dict[str, Provenance]  # "Schedule.Timezone:enum" -> provenance
    responses: dict[tuple[str, str, str], Provenance]  # (schema, member, keyword) -> decision
    operations: dict[str, Provenance]  # operation id -> decision (service-model operations)
    read_back: dict[str, Provenance]  # member name -> decision: need not read back as written

    def check(self, check_id: str) -> Provenance:
        try:
            return self.checks[check_id]
        except KeyError:
            raise ProvenanceError(
                f"{check_id} has no provenance in spec/{PROVENANCE_FILE}") from None

    def rule(self, component_rule: str) -> Provenance:
        try:
            return self.rules[component_rule]
        except KeyError:
            raise ProvenanceError(
                f"rule {component_rule} has no provenance in spec/{PROVENANCE_FILE}") from None

    def response(self, schema: str, member: str, keyword: str) -> Provenance | None:
        """The decision behind a response constraint, or None when the reference states it."""
        for key in ((schema, member, keyword), (schema, "*", keyword)):
            if key in self.responses:
                return self.responses[key]
        return None

    def operation(self, operation_id: str) -> Provenance | None:
        """The decision an operation rests on as a whole (one the reference lacks)."""
        return self.operations.get(operation_id)


def provenance_path() -> Path:
    return spec_file(PROVENANCE_FILE)


@functools.lru_cache(maxsize=1)
def load_provenance() -> Provenances:
    data = load_yaml(provenance_path().read_text(encoding="utf-8")) or {}
    checks = {str(k): _parse(v, f"checks.{k}") for k, v in (data.get("checks") or {}).items()}
    rules = {str(k): _parse(v, f"rules.{k}") for k, v in (data.get("rules") or {}).items()}
    responses: dict[tuple[str, str, str], Provenance] = {}
    for item in data.get("responses") or ():
        key = (str(item["schema"]), str(item["member"]), str(item["keyword"]))
        responses[key] = _parse({"decision": item}, f"responses {key}")
    operations = {str(k): _parse(v, f"operations.{k}")
                  for k, v in (data.get("operations") or {}).items()}
    read_back = {str(item["member"]): _parse({"decision": item}, f"read_back {item}")
                 for item in data.get("read_back") or ()}
    return Provenances(checks, rules, responses, operations, read_back)
