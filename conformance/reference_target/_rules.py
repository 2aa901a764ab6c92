"""The contract's `x-rules` that a request body alone can break, enforced as 400s.

Each rule is checked against its text in the contract when the target starts, so a rule the
contract drops or rewords is noticed. Rules that are not checkable on a request (Timezone
"matters only when IsLocalTime is true"; Address "needed unless OptOut is ALL", which applies
to creation only and which the service does not enforce, ERRATA E08) are not enforced.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pinpoint_conformance.contract import Contract
from pinpoint_conformance.reference_target._errors import bad_request

RULE_MARK = "breaks the contract rule"

SCHEDULE_RULE = ("Schedule", "EndTime, when given, is later than StartTime.")
HOLDOUT_RULE = (
    "WriteCampaignRequest",
    "HoldoutPercent plus the SizePercent of every additional treatment is at most 100.",
)
ENFORCED = (SCHEDULE_RULE, HOLDOUT_RULE)


def check_rules_exist(contract: Contract) -> None:
    for schema, text in ENFORCED:
        if text not in (contract.schemas.get(schema, {}).get("x-rules") or []):
            raise ValueError(f"the contract no longer states the {schema} rule {text!r}")


def _broken(path: str, rule: tuple[str, str]) -> Exception:
    return bad_request(f"Invalid request body at {path}: {RULE_MARK} of {rule[0]}: {rule[1]}")


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("z", "Z").replace("t", "T"))
    except ValueError:
        return None  # a valid RFC 3339 stamp Python cannot read (a leap second): not compared


def check_schedule(schedule: Any, path: str) -> None:
    if not isinstance(schedule, dict) or "EndTime" not in schedule:
        return
    start, end = _moment(schedule.get("StartTime")), _moment(schedule.get("EndTime"))
    if start is None or end is None:
        return
    try:
        later = end > start
    except (TypeError, OverflowError):
        return
    if not later:
        raise _broken(f"{path}.EndTime", SCHEDULE_RULE)


def check_campaign(body: dict[str, Any]) -> None:
    """WriteCampaignRequest: the schedules and the holdout-plus-treatments total."""
    check_schedule(body.get("Schedule"), "$.Schedule")
    treatments = body.get("AdditionalTreatments") or []
    for index, treatment in enumerate(treatments):
        check_schedule(treatment.get("Schedule"), f"$.AdditionalTreatments[{index}].Schedule")
    total = body.get("HoldoutPercent", 0) + sum(t.get("SizePercent", 0) for t in treatments)
    if total > 100:
        raise _broken("$.HoldoutPercent", HOLDOUT_RULE)
