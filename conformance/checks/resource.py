"""Checks of resource behaviour over several calls: lifecycle (LIFE) and versions (VER)."""

from __future__ import annotations

from typing import Any

from pinpoint_conformance.checks.catalogue import register
from pinpoint_conformance.checks.compare import moment
from pinpoint_conformance.contract import Contract
from pinpoint_conformance.findings import Level

LIFE_READ_BACK = register(
    "LIFE-001", "LIFE", Level.MUST,
    "What was written (create or update) is read back, modulo members the server owns.",
)
LIFE_READ_BACK_DECIDED = register(
    "LIFE-012", "LIFE", Level.SHOULD,
    "What was written is read back as written also where that is a decision of the contract: a "
    "member in the reference's name that the service renames or does not take, and endpoint "
    "members the service sets (Status, EffectiveDate, RequestId).",
)
LIFE_DELETE_ANSWER = register(
    "LIFE-002", "LIFE", Level.MUST,
    "DELETE answers with the resource it deleted.",
)
LIFE_GONE = register(
    "LIFE-003", "LIFE", Level.MUST,
    "After DELETE the resource is gone: reading it no longer returns it (no 2xx) and its list "
    "no longer holds it.",
)
LIFE_GONE_404 = register(
    "LIFE-011", "LIFE", Level.SHOULD,
    "After DELETE, reading the resource answers 404 and deleting it again answers 404.",
)
LIFE_LISTED = register(
    "LIFE-004", "LIFE", Level.MUST,
    "A created resource appears in its list (import jobs: for the app and for the segment).",
)
LIFE_IDENTITY = register(
    "LIFE-005", "LIFE", Level.MUST,
    "A resource read back carries its own Id and the ApplicationId it was created in.",
)
LIFE_LATEST = register(
    "LIFE-009", "LIFE", Level.SHOULD,
    "A list shows each campaign or segment as its latest version.",
)
LIFE_SEGMENT_JOBS = register(
    "LIFE-007", "LIFE", Level.MUST,
    "A segment's import job list holds the jobs that name the segment, and only those.",
)
LIFE_NO_ACTIVITY = register(
    "LIFE-008", "LIFE", Level.SHOULD,
    "A campaign that has not started yet has no activity that claims to have run (a PENDING "
    "activity without Start, End, Result or counts is allowed).",
)
LIFE_NO_SECRET = register(
    "LIFE-006", "LIFE", Level.SHOULD,
    "A channel answer never echoes the APNS private key.",
)
LIFE_ENDPOINT_ACTIVE = register(
    "LIFE-013", "LIFE", Level.MUST,
    "An endpoint whose address is updated is set to ACTIVE: stored INACTIVE, then updated with "
    "a new Address and no Status, it reads ACTIVE (Status or EndpointStatus).",
)
LIFE_DIMENSIONAL = register(
    "LIFE-014", "LIFE", Level.MUST,
    "A segment made through the segments resource is DIMENSIONAL (Type or SegmentType).",
)
LIFE_REFERENCE_VALUE = register(
    "LIFE-015", "LIFE", Level.MUST,
    "A member the reference gives one value has it: a channel's Platform is APNS or GCM, an "
    "import job's Type is Import (x-reference-value in the contract).",
)
LIFE_DEFAULT_STATE = register(
    "LIFE-016", "LIFE", Level.MUST,
    "A campaign without additional treatments (no A/B test) has no DefaultState.",
)
LIFE_AB_COMPLETED = register(
    "LIFE-017", "LIFE", Level.MUST,
    "An A/B test campaign is COMPLETED only when its default treatment and every additional "
    "treatment are COMPLETED.",
)
LIFE_GCM_CREDENTIAL = register(
    "LIFE-018", "LIFE", Level.MUST,
    "A GCM channel answer's Credential, when it has one, is the API key last written (ApiKey).",
)
LIFE_TREATMENT_IDS = register(
    "LIFE-019", "LIFE", Level.MUST,
    "The additional treatments of a campaign carry distinct Ids (\"The unique treatment ID\").",
)
VER_START = register(
    "VER-001", "VER", Level.SHOULD,
    "Version is 1 after create.",
)
VER_STEP = register(
    "VER-002", "VER", Level.SHOULD,
    "Version grows by exactly 1 per successful update.",
)
VER_HISTORY = register(
    "VER-003", "VER", Level.MUST,
    "The versions list holds every Version the resource answered with (after its create and "
    "each update).",
)
VER_CONTENT = register(
    "VER-004", "VER", Level.MUST,
    "Reading version V returns what the write that answered Version V wrote.",
)
VER_NUMBERS = register(
    "VER-009", "VER", Level.SHOULD,
    "After a create and N-1 updates the versions list holds exactly the versions 1, 2, ... N, "
    "each once.",
)
VER_UNKNOWN = register(
    "VER-005", "VER", Level.SHOULD,
    "An unknown version is a 404.",
)
VER_DATES = register(
    "VER-006", "VER", Level.MUST,
    "LastModifiedDate moves forward on update; CreationDate never moves.",
)
VER_FAILED_UPDATE = register(
    "VER-007", "VER", Level.SHOULD,
    "A refused update (an invalid body) adds no version and changes nothing.",
)


def endpoint_statuses(contract: Contract) -> tuple[str, str]:
    """(ACTIVE, INACTIVE), the values of EndpointStatus in the contract (LIFE-013)."""
    return (enum_value(contract, "EndpointStatus", "ACTIVE"),
            enum_value(contract, "EndpointStatus", "INACTIVE"))


def enum_value(contract: Contract, schema: str, value: str) -> str:
    """`value`, checked to be one of the enum's values in the contract."""
    if value not in contract.schemas[schema]["enum"]:
        raise ValueError(f"{value!r} is not a value of {schema} in the contract")
    return value


def reference_value_problems(contract: Contract, schema: str, body: dict[str, Any]) -> list[str]:
    """Members of `body` (an answer of `schema`) that differ from the single value the
    reference gives them (`x-reference-value`: "Will be APNS", LIFE-015)."""
    properties = contract.schemas[schema].get("properties") or {}
    return [
        f"{name} is {body[name]!r}, not {prop['x-reference-value']!r}"
        for name, prop in properties.items()
        if isinstance(prop, dict) and "x-reference-value" in prop and name in body
        and body[name] != prop["x-reference-value"]
    ]


def default_state_problem(campaign: dict[str, Any]) -> str | None:
    """DefaultState on a campaign that is no A/B test (LIFE-016), or None."""
    if campaign.get("AdditionalTreatments") or "DefaultState" not in campaign:
        return None
    return f"DefaultState {campaign['DefaultState']!r} on a campaign without treatments"


def ab_completed_problems(contract: Contract, campaign: dict[str, Any]) -> list[str]:
    """The treatments of an A/B test campaign (in the reference's reading) that are not
    COMPLETED although the campaign is (LIFE-017)."""
    completed = enum_value(contract, "CampaignStatus", "COMPLETED")
    treatments = [t for t in campaign.get("AdditionalTreatments") or () if isinstance(t, dict)]
    if not treatments or (campaign.get("State") or {}).get("Status") != completed:
        return []
    states = [("DefaultState", campaign.get("DefaultState"))]
    states += [(f"AdditionalTreatments[{n}].State", t.get("State"))
               for n, t in enumerate(treatments)]
    return [f"{where} is {state.get('Status')!r}" for where, state in states
            if isinstance(state, dict) and state.get("Status") != completed]


def repeated_treatment_ids(campaign: dict[str, Any]) -> list[str]:
    """Treatment Ids a campaign gives more than one of its additional treatments (LIFE-019)."""
    ids = [t.get("Id") for t in campaign.get("AdditionalTreatments") or ()
           if isinstance(t, dict) and "Id" in t]
    return sorted({str(i) for i in ids if ids.count(i) > 1})


def date_problems(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """How the dates of `after` (the answer to an update of `before`) moved the wrong way:
    CreationDate must be the same, LastModifiedDate strictly later (VER-006)."""
    problems = []
    if "CreationDate" in before and after.get("CreationDate") != before["CreationDate"]:
        problems.append(
            f"CreationDate moved from {before['CreationDate']} to {after.get('CreationDate')}"
        )
    if "LastModifiedDate" in before:
        old, new = moment(before["LastModifiedDate"]), moment(after.get("LastModifiedDate"))
        if old is not None and (new is None or new <= old):
            problems.append(
                f"LastModifiedDate {after.get('LastModifiedDate')} is not later than "
                f"{before['LastModifiedDate']}"
            )
    return problems
