"""Multi-step flows the suite modules share: a versioned resource's life, list walks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conformance.checks.compare import alias_names, differences, normalise
from conformance.checks.exchange import Expectation
from conformance.checks.resource import (
    LIFE_DELETE_ANSWER,
    LIFE_GONE,
    LIFE_IDENTITY,
    LIFE_LISTED,
    LIFE_READ_BACK,
    VER_CONTENT,
    VER_DATES,
    VER_HISTORY,
    VER_START,
    VER_STEP,
    VER_UNKNOWN,
)
from conformance.probe import Blocked, Probe

MAX_PAGES = 200  # a walk that needs more pages is a token loop, not a long list


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


def walk(probe: Probe, operation_id: str, params: dict[str, str] | None = None,
         page_size: int = 100) -> list[dict[str, Any]]:
    """Every item of a list, following NextToken (bounded)."""
    items: list[dict[str, Any]] = []
    token: str | None = None
    for _ in range(MAX_PAGES):
        query = {"page-size": str(page_size)}
        if token:
            query["token"] = token
        page = probe.succeed(operation_id, params, query=query)
        items += [item for item in page.get("Item", []) if isinstance(item, dict)]
        token = page.get("NextToken")
        if not token:
            return items
    raise Blocked(f"{operation_id}: more than {MAX_PAGES} pages")


def check_read_back(probe: Probe, operation_id: str, written: dict[str, Any],
                    read: dict[str, Any]) -> None:
    aliases = alias_names(probe.contract)
    diff = differences(normalise(written, aliases), normalise(read, aliases))
    probe.verify(not diff, LIFE_READ_BACK, operation_id, "read back differs from what was written",
                 "every member written", "; ".join(diff))


def versioned_lifecycle(probe: Probe, kind: Versioned, first: dict[str, Any],
                        second: dict[str, Any]) -> None:
    """Create, read, list, update, versions, version instances, delete, gone."""
    app = probe.app_id
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

    updated = probe.succeed(kind.update, ids, body=second)
    check_read_back(probe, kind.update, second, updated)
    probe.verify(updated.get("Version") == 2, VER_STEP, kind.update,
                 "an update does not add exactly one version", 2, updated.get("Version"))
    probe.verify(
        updated.get("CreationDate") == created.get("CreationDate")
        and str(updated.get("LastModifiedDate", "")) >= str(created.get("LastModifiedDate", "")),
        VER_DATES, kind.update, "dates moved the wrong way",
        f"CreationDate {created.get('CreationDate')}, LastModifiedDate >= "
        f"{created.get('LastModifiedDate')}",
        f"CreationDate {updated.get('CreationDate')}, "
        f"LastModifiedDate {updated.get('LastModifiedDate')}",
    )

    history = [item.get("Version") for item in walk(probe, kind.versions, ids)]
    probe.verify(sorted(v for v in history if isinstance(v, int)) == [1, 2]
                 and len(history) == 2, VER_HISTORY, kind.versions,
                 "the history is not every version once", [1, 2], history)
    for number, body in ((1, first), (2, second)):
        old = probe.succeed(kind.version, {**ids, "version": str(number)})
        aliases = alias_names(probe.contract)
        diff = differences(normalise(body, aliases), normalise(old, aliases))
        probe.verify(not diff and old.get("Version") == number, VER_CONTENT, kind.version,
                     f"version {number} does not hold what was written at version {number}",
                     f"Version {number} with the members written then",
                     f"Version {old.get('Version')}; {'; '.join(diff)}")
    unknown = probe.request(kind.version, {**ids, "version": "9999"},
                            expect=Expectation("error", 404))
    probe.verify(unknown.status == 404, VER_UNKNOWN, kind.version, "an unknown version is not 404",
                 404, unknown.status, unknown.exchange)

    deleted = probe.succeed(kind.delete, ids)
    probe.tracker.forget(f"{kind.noun} {rid}")
    probe.verify(deleted.get("Id") == rid, LIFE_DELETE_ANSWER, kind.delete,
                 "DELETE did not answer the deleted resource", rid, deleted.get("Id"))
    assert_gone(probe, kind.get, kind.delete, ids)


def assert_gone(probe: Probe, get: str, delete: str, ids: dict[str, str]) -> None:
    for operation_id in (get, delete):
        answer = probe.request(operation_id, ids, expect=Expectation("error", 404))
        probe.verify(answer.status == 404, LIFE_GONE, operation_id,
                     "the deleted resource is still there", 404, answer.status, answer.exchange)
