"""Multi-step flows the suite modules share: a versioned resource's life, list walks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pinpoint_conformance.checks.catalogue import Check
from pinpoint_conformance.checks.compare import (
    LEAF,
    alias_names,
    differences,
    normalise,
    split_by_provenance,
    whole,
)
from pinpoint_conformance.checks.errors import wrong_type_variants
from pinpoint_conformance.checks.exchange import Expectation
from pinpoint_conformance.checks.paging import MAX_PAGES
from pinpoint_conformance.checks.resource import (
    LIFE_DELETE_ANSWER,
    LIFE_GONE,
    LIFE_GONE_404,
    LIFE_IDENTITY,
    LIFE_LATEST,
    LIFE_LISTED,
    LIFE_READ_BACK,
    LIFE_READ_BACK_DECIDED,
    LIFE_REFERENCE_VALUE,
    VER_CONTENT,
    VER_DATES,
    VER_FAILED_UPDATE,
    VER_HISTORY,
    VER_NUMBERS,
    VER_START,
    VER_STEP,
    VER_UNKNOWN,
    date_problems,
    reference_value_problems,
)
from pinpoint_conformance.contract import JSON
from pinpoint_conformance.determinism import wait_for_target
from pinpoint_conformance.probe import Blocked, Probe
from pinpoint_conformance.provenance import load_provenance
from pinpoint_conformance.suite import bodies


@dataclass(frozen=True)
class Versioned:
    """The operations of a resource with a version history (campaigns, segments)."""

    noun: str
    id_param: str
    create: str
    get: str
    update: str
    delete: str
    versions: str
    version: str
    listing: str


def make_segment(probe: Probe, name: str) -> str:
    """Create a segment the run needs (tracked for deletion); its id."""
    created = probe.succeed("CreateSegment", body=bodies.segment(name))
    segment_id = created.get("Id")
    if not isinstance(segment_id, str) or not segment_id:
        raise Blocked("CreateSegment answered no Id")
    probe.tracker.add(f"segment {segment_id}", "DeleteSegment",
                      {"application-id": probe.app_id, "segment-id": segment_id})
    return segment_id


def walk(probe: Probe, operation_id: str, params: dict[str, str] | None = None,
         page_size: int = 100, judge: bool = True) -> list[dict[str, Any]]:
    """Every item of a list, following NextToken (bounded); `judge=False` for bookkeeping."""
    items: list[dict[str, Any]] = []
    token: str | None = None
    for _ in range(MAX_PAGES):
        query = {"page-size": str(page_size)}
        if token:
            query["token"] = token
        page = probe.succeed(operation_id, params, query=query, judge=judge)
        items += [item for item in page.get("Item", []) if isinstance(item, dict)]
        token = page.get("NextToken")
        if not token:
            return items
    raise Blocked(f"{operation_id}: more than {MAX_PAGES} pages")


def check_read_back(probe: Probe, operation_id: str, written: dict[str, Any],
                    read: dict[str, Any], check: Check = LIFE_READ_BACK,
                    message: str = "read back differs from what was written") -> None:
    """`check` (LIFE-001 here, LIFE-010 for generated bodies) on the members whose read-back
    the reference states; LIFE-012 on those where it is a decision of the contract."""
    aliases = alias_names(probe.contract)
    diff = differences(normalise(written, aliases), normalise(read, aliases))
    decided = load_provenance().read_back
    stated, by_decision = split_by_provenance(diff, decided)
    probe.verify(not stated, check, operation_id, message, "every member written",
                 "; ".join(stated))
    first = next((decided[m["leaf"]] for d in by_decision if (m := LEAF.match(d))), None)
    probe.verify(not by_decision, LIFE_READ_BACK_DECIDED, operation_id, message,
                 "every member written", "; ".join(by_decision), provenance=first)


def read_back(probe: Probe, operation_id: str, params: dict[str, str] | None,
              written: dict[str, Any], written_by: str | None = None) -> dict[str, Any] | None:
    """GET what was written and compare; a read that fails is a LIFE-001 finding too. The
    findings name the operation that wrote (`written_by`), when given."""
    answer = probe.request(operation_id, params)
    judged = written_by or operation_id
    if not isinstance(answer.body, dict) or not 200 <= (answer.status or 0) < 300:
        return None  # the answer's own checks say why (STATUS-006, SHAPE-001)
    check_read_back(probe, judged, written, answer.body)
    return answer.body


def await_next_tick(stamp: Any) -> None:
    """Wait one tick of the clock `stamp` was written with (1 s for a date without a
    fraction, 1 ms for milliseconds...), so an update can show a strictly later
    LastModifiedDate even on a target whose clock is coarse (VER-006 is no false alarm)."""
    match = re.search(r"T\d\d:\d\d:\d\d(?:\.(\d+))?", stamp) if isinstance(stamp, str) else None
    if match is None:
        return
    digits = len(match.group(1) or "")
    wait_for_target(min(1.0, 10.0 ** -digits) * 1.05)  # nothing on replay


def check_application(probe: Probe, operation_id: str, body: dict[str, Any]) -> None:
    """A resource's ApplicationId, when it has one, is the application it was written in
    (LIFE-005): channels, the event stream, settings, import jobs."""
    if "ApplicationId" in body:
        probe.verify(body["ApplicationId"] == probe.app_id, LIFE_IDENTITY, operation_id,
                     "wrong ApplicationId", probe.app_id, body["ApplicationId"])


def check_reference_values(probe: Probe, operation_id: str, body: dict[str, Any]) -> None:
    """Members the reference gives one value ("Will be APNS") have it (LIFE-015)."""
    op = probe.contract.operation(operation_id)
    ref = probe.contract.response_schema_ref(operation_id, op.success_status, JSON)
    if ref is None:
        return
    problems = reference_value_problems(probe.contract, ref.rsplit("/", 1)[-1], body)
    probe.verify(not problems, LIFE_REFERENCE_VALUE, operation_id,
                 "a member does not have the value the reference gives it",
                 "the reference's value", "; ".join(problems))


def check_dates(probe: Probe, operation_id: str, before: dict[str, Any],
                after: dict[str, Any]) -> None:
    problems = date_problems(before, after)
    probe.verify(not problems, VER_DATES, operation_id, "dates moved the wrong way",
                 "the same CreationDate, a later LastModifiedDate", "; ".join(problems))


def refused_update(probe: Probe, update: str, get: str, ids: dict[str, str],
                   valid: dict[str, Any], before: dict[str, Any]) -> bool:
    """Send an update with one member of the wrong type (the first the contract allows to
    break); once refused, the resource must not have moved (VER-007). Whether it is refused
    at all is ERR-004's to judge (test_errors), not a second finding here. True when the
    target accepted it: the resource then holds the bad member."""
    ref = probe.contract.operation(update).request_schema_ref
    variants = wrong_type_variants(probe.contract, ref, valid) if ref else []
    if not variants:
        return False
    variant = variants[0]
    answer = probe.request(update, ids, body=variant.body,
                           expect=Expectation("error", 400, status_check=False))
    if answer.status is None or not 400 <= answer.status < 500:
        return answer.status is not None and 200 <= answer.status < 300
    after = probe.succeed(get, ids)
    moved = [name for name in ("Version", "LastModifiedDate")
             if after.get(name) != before.get(name)]
    probe.verify(not moved, VER_FAILED_UPDATE, update, "a refused update changed the resource",
                 f"Version {before.get('Version')}, LastModifiedDate "
                 f"{before.get('LastModifiedDate')}",
                 f"Version {after.get('Version')}, LastModifiedDate "
                 f"{after.get('LastModifiedDate')}")
    return False


def versioned_lifecycle(probe: Probe, kind: Versioned, first: dict[str, Any],
                        second: dict[str, Any], *later: dict[str, Any]) -> None:
    """Create, read, list, update (each read back), versions, version instances, a refused
    update, delete, gone."""
    app = probe.app_id
    writes = [first, second, *later]
    created = probe.succeed(kind.create, body=first)
    rid = created.get("Id")
    if not isinstance(rid, str) or not rid:
        raise Blocked(f"{kind.create} answered no Id")
    ids = {kind.id_param: rid}
    probe.tracker.add(f"{kind.noun} {rid}", kind.delete, {"application-id": app, **ids})
    check_read_back(probe, kind.create, first, created)
    probe.verify(created.get("ApplicationId") == app, LIFE_IDENTITY, kind.create,
                 "wrong ApplicationId", app, created.get("ApplicationId"))
    probe.verify(created.get("Version") == 1, VER_START, kind.create, "first version is not 1",
                 1, created.get("Version"))

    got = probe.succeed(kind.get, ids)
    check_read_back(probe, kind.get, first, got)
    probe.verify(got.get("Id") == rid, LIFE_IDENTITY, kind.get, "wrong Id", rid, got.get("Id"))

    listed = [item.get("Id") for item in walk(probe, kind.listing)]
    probe.verify(rid in listed, LIFE_LISTED, kind.listing, f"the new {kind.noun} is not listed",
                 rid, f"{len(listed)} items")

    answered = [created.get("Version")]  # the Version each write answered with
    previous = created
    for number, body in enumerate(writes[1:], start=2):
        await_next_tick(previous.get("LastModifiedDate"))
        updated = probe.succeed(kind.update, ids, body=body)
        answered.append(updated.get("Version"))
        check_read_back(probe, kind.update, body, updated)
        probe.verify(updated.get("Version") == number, VER_STEP, kind.update,
                     "an update does not add exactly one version", number,
                     updated.get("Version"))
        check_dates(probe, kind.update, previous, updated)
        stored = probe.succeed(kind.get, ids)
        check_read_back(probe, kind.get, body, stored)
        probe.verify(stored.get("Version") == number, VER_STEP, kind.get,
                     "the version read back did not grow with the update", number,
                     stored.get("Version"))
        previous = stored

    expected = list(range(1, len(writes) + 1))
    history = [whole(item.get("Version")) for item in walk(probe, kind.versions, ids)]
    known = [v for v in map(whole, answered) if v is not None]
    probe.verify(all(v in history for v in known), VER_HISTORY, kind.versions,
                 "the versions list lacks a version the resource answered with", known, history)
    probe.verify(sorted(v for v in history if v is not None) == expected
                 and len(history) == len(expected), VER_NUMBERS, kind.versions,
                 "the versions are not 1..N, each once", expected, history)
    aliases = alias_names(probe.contract)
    for version, body in zip(map(whole, answered), writes, strict=True):
        if version is None:
            continue  # no Version to ask for (VER-001/002 say so)
        old = probe.succeed(kind.version, {**ids, "version": str(version)})
        diff = differences(normalise(body, aliases), normalise(old, aliases))
        probe.verify(not diff and old.get("Version") == version, VER_CONTENT, kind.version,
                     "a version does not hold what was written at that version",
                     f"Version {version} with the members written then",
                     f"Version {old.get('Version')}; {'; '.join(diff)}")
    unknown = probe.request(kind.version, {**ids, "version": "9999"},
                            expect=Expectation("error", 404))
    probe.verify(unknown.status == 404, VER_UNKNOWN, kind.version, "an unknown version is not 404",
                 404, unknown.status, unknown.exchange)

    latest = next((item for item in walk(probe, kind.listing) if item.get("Id") == rid), None)
    probe.verify(latest is not None and latest.get("Version") == len(writes), LIFE_LATEST,
                 kind.listing, f"the list does not show the {kind.noun} as its latest version",
                 f"Version {len(writes)}", None if latest is None else latest.get("Version"))
    if latest is not None:
        check_read_back(probe, kind.listing, writes[-1], latest)

    spoiled = refused_update(probe, kind.update, kind.get, ids, writes[-1], previous)

    # what a target accepted although invalid is not reported again in the DELETE's answer
    deleted = probe.succeed(kind.delete, ids, judge=not spoiled)
    probe.tracker.forget(f"{kind.noun} {rid}")
    probe.verify(deleted.get("Id") == rid, LIFE_DELETE_ANSWER, kind.delete,
                 "DELETE did not answer the deleted resource", rid, deleted.get("Id"))
    assert_gone(probe, kind.get, kind.delete, ids, kind.listing, rid)


def assert_gone(probe: Probe, get: str, delete: str, ids: dict[str, str],
                listing: str | None = None, rid: str | None = None,
                list_params: dict[str, str] | None = None) -> None:
    """After DELETE: reading it returns nothing (LIFE-003) and GET and DELETE are 404s
    (LIFE-011), and the list (when given) no longer holds it (LIFE-003)."""
    for operation_id in (get, delete):
        answer = probe.request(operation_id, ids,
                               expect=Expectation("error", 404, status_check=False))
        still = answer.status is not None and 200 <= answer.status < 300
        if operation_id == get:
            probe.verify(not still, LIFE_GONE, operation_id,
                         "the deleted resource is still there", "no 2xx", answer.status,
                         answer.exchange)
        probe.verify((still and operation_id == get) or answer.status == 404, LIFE_GONE_404,
                     operation_id, "the deleted resource is not a 404", 404, answer.status,
                     answer.exchange)
    if listing is not None and rid is not None:
        listed = [item.get("Id") for item in walk(probe, listing, list_params)]
        probe.verify(rid not in listed, LIFE_GONE, listing, "the deleted resource is still listed",
                     f"no {rid}", f"{rid} among {len(listed)} items")
