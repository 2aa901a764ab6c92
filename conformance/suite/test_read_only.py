"""A read-only run (`--read-only`): GET requests only, against what already exists in the
application given with `--app-id`.

For accounts where creating resources is not allowed (a production project). The run reads
the application, its lists, the first few campaigns, segments and import jobs those lists
name, their versions, the endpoints named with `--endpoint-id`, and the application's
channels, event stream and settings, and judges:

- every answer (STATUS, CTYPE, SHAPE), as JSON and with HAL asked (HAL-001 to HAL-005,
  CTYPE-002);
- every list walked page by page (PAGE-001, PAGE-002, PAGE-004 to PAGE-006; at most
  `READ_PAGES` pages, so a long list is sampled, never judged by its length);
- the versions of each campaign and segment (VER-003, VER-004, VER-005, VER-009);
- unknown ids in every GET path (ERR-001).

A channel, event stream or settings read may answer 404 (the application need not have one).
Everything else the suite checks writes, or needs what a run creates: the plugin reports it
SKIPPED with the reason, and the client refuses any other method before it is sent. This
module runs only under `--read-only`; a full run covers all of it with resources of its own.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import pytest

from pinpoint_conformance.checks.compare import alias_names, differences, normalise, whole
from pinpoint_conformance.checks.errors import ERR_UNKNOWN_ID, path_parameters, unknown_id_cases
from pinpoint_conformance.checks.exchange import Expectation
from pinpoint_conformance.checks.paging import (
    PAGE_DUPLICATE,
    duplicates,
    page_size_for,
)
from pinpoint_conformance.checks.resource import VER_CONTENT, VER_HISTORY, VER_NUMBERS, VER_UNKNOWN
from pinpoint_conformance.client import PinpointClient
from pinpoint_conformance.contract import HAL_JSON, JSON, Operation, load_contract
from pinpoint_conformance.plugin import Profile
from pinpoint_conformance.probe import Answer, Probe
from pinpoint_conformance.suite._flows import walk
from pinpoint_conformance.suite._hal import check_page, check_resource
from pinpoint_conformance.suite._pages import check_tokens, walk_pages
from pinpoint_conformance.suite._refusals import refused, unknown

SAMPLE = 3  # instances of each kind the run reads: the first its list names
READ_PAGES = 10  # the most pages a read-only walk follows
DISCOVERY_PAGE_SIZE = "20"
APP = "application-id"
VERSION = "version"

CONTRACT = load_contract()
READS = [op for op in CONTRACT.iter_operations() if op.method == "GET"]
# the application itself: it exists (--app-id), unlike its channels, event stream, settings
APP_PATH = next(op.path for op in READS if op.path.endswith("/{" + APP + "}"))


def is_list(op: Operation) -> bool:
    return any(CONTRACT.resolve(p).get("name") == "page-size" for p in op.parameters)


def list_key(op: Operation) -> str:
    """The member that tells a list's items apart: a versions list's items are versions of
    one resource (the same Id)."""
    return "Version" if op.path.endswith("/versions") else "Id"


def owned(operation_id: str) -> list[str]:
    """The path parameters of a read other than the application's and the version."""
    return [name for name in path_parameters(CONTRACT, operation_id)
            if name not in (APP, VERSION)]


def may_be_absent(op: Operation) -> bool:
    """A part of the application it need not have (a channel, the event stream, settings):
    404 conforms."""
    return (owned(op.operation_id) == [] and APP in path_parameters(CONTRACT, op.operation_id)
            and not is_list(op) and op.path != APP_PATH)


def _discovery() -> dict[str, str]:
    """Which list names the instances of which path parameter (from the contract's paths: the
    list at P names what the read at P/{parameter} reads), for the application's lists."""
    found = {}
    for listing in READS:
        if not is_list(listing) or owned(listing.operation_id):
            continue
        for read in READS:
            match = re.fullmatch(re.escape(listing.path) + r"/\{([^/{}]+)\}", read.path)
            if match and match.group(1) != APP:
                found[match.group(1)] = listing.operation_id
    return found


@dataclass
class Existing:
    """What the application already holds that the run reads: path parameter -> values."""

    app_id: str
    named: dict[str, list[str]] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)  # resource id -> its Version

    def instances(self, operation_id: str) -> list[dict[str, str]]:
        """Path parameters for each instance the read can be sent for (none: skip)."""
        names = owned(operation_id)
        if not names:
            return [{}]
        (name,) = names  # every read of the contract names one thing besides the application
        values = self.named.get(name, [])
        if not values:
            pytest.skip(f"the application holds no {name[:-3]} to read ({_how(name)}); a "
                        "read-only run creates nothing")
        if VERSION not in path_parameters(CONTRACT, operation_id):
            return [{name: value} for value in values]
        with_version = [{name: value, VERSION: self.versions[value]} for value in values
                        if value in self.versions]
        if not with_version:
            pytest.skip(f"no {name[:-3]} the application holds answered a Version")
        return with_version


def _how(name: str) -> str:
    return "name endpoints with --endpoint-id" if name == "endpoint-id" else "its list is empty"


def _first_items(client: PinpointClient, operation_id: str, app_id: str) -> list[dict[str, Any]]:
    exchange = client.call(operation_id, {APP: app_id}, query={"page-size": DISCOVERY_PAGE_SIZE})
    try:
        items = json.loads(exchange.response_body).get("Item", [])
    except (ValueError, AttributeError, UnicodeDecodeError):
        return []  # the list's own read judges what is wrong with it
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


@pytest.fixture(scope="module")
def existing(pinpoint_client: PinpointClient, pinpoint_app_id: str,
             pytestconfig: pytest.Config) -> Existing:
    """The first few instances each of the application's lists names (read, not judged:
    the tests judge the same reads), and the endpoints named with --endpoint-id."""
    found = Existing(pinpoint_app_id)
    found.named["endpoint-id"] = list(pytestconfig.getoption("--pinpoint-endpoint-id") or ())
    for name, listing in _discovery().items():
        items = _first_items(pinpoint_client, listing, pinpoint_app_id)
        ids = [item["Id"] for item in items if isinstance(item.get("Id"), str) and item["Id"]]
        found.named[name] = ids[:SAMPLE]
        for item in items:
            number = whole(item.get("Version"))
            if isinstance(item.get("Id"), str) and number is not None:
                found.versions[item["Id"]] = str(number)
    return found


def read(probe: Probe, operation_id: str, params: dict[str, str], accept: str = JSON,
         query: dict[str, str] | None = None) -> Answer:
    """A read, judged: a success, or a 404 where the application need not have the part."""
    answer = probe.request(operation_id, params, accept=accept, query=query, judge=False)
    op = CONTRACT.operation(operation_id)
    absent = answer.status == 404 and may_be_absent(op)
    probe.judge(answer.exchange,
                Expectation("error", 404, accept) if absent else Expectation(accept=accept))
    return answer


def _cases(operations: list[Operation], family: str) -> list[Any]:
    return [pytest.param(op.operation_id, id=op.operation_id,
                         marks=pytest.mark.pinpoint(family=family, operation=op.operation_id))
            for op in operations]


@pytest.mark.parametrize("operation_id", _cases(READS, "SHAPE"))
def test_read(probe: Probe, existing: Existing, operation_id: str) -> None:
    """Every GET of the contract, as JSON: STATUS, CTYPE-001, SHAPE."""
    query = {"page-size": DISCOVERY_PAGE_SIZE} if is_list(CONTRACT.operation(operation_id)) \
        else None
    for params in existing.instances(operation_id):
        read(probe, operation_id, params, query=query)


@pytest.mark.parametrize("operation_id", _cases(READS, "HAL"))
def test_read_hal(probe: Probe, existing: Existing, operation_id: str) -> None:
    """Every GET with HAL asked: links (HAL-001 to HAL-005) and CTYPE-002 on each answer."""
    op = CONTRACT.operation(operation_id)
    for params in existing.instances(operation_id):
        if is_list(op):
            check_page(probe, operation_id, params, key=list_key(op))
            continue
        answer = read(probe, operation_id, params, accept=HAL_JSON)
        if answer.status is not None and 200 <= answer.status < 300:
            check_resource(probe, operation_id, answer.body, answer.exchange.url)


@pytest.mark.parametrize("operation_id", _cases([op for op in READS if is_list(op)], "PAGE"))
def test_pages(probe: Probe, existing: Existing, operation_id: str,
               pinpoint_profile: Profile, pinpoint_seed: int) -> None:
    """Each list walked from its first page (the first instance's, for a nested list)."""
    op = CONTRACT.operation(operation_id)
    params = existing.instances(operation_id)[0]
    key, size = list_key(op), page_size_for(pinpoint_profile.page_items)
    walked = walk_pages(probe, operation_id, key, params, size, limit=READ_PAGES)
    if walked.ended:
        twice = duplicates(walked.keys)
        if twice:  # a list that changed during the walk is no fault: walked again, unjudged
            aside = Probe(probe.client, probe.tracker, probe.app_id)
            again = walk_pages(aside, operation_id, key, params, size, limit=READ_PAGES)
            twice = [k for k in twice if k in duplicates(again.keys)] if again.ended else []
        probe.verify(not twice, PAGE_DUPLICATE, operation_id,
                     "items appear on more than one page", "each item once", twice)
    check_tokens(probe, operation_id, key, params, size, walked, pinpoint_seed)


def _versioned() -> list[tuple[Operation, str, str]]:
    """(a version read, its versions list, the resource's read), from the contract's paths."""
    by_path = {op.path: op.operation_id for op in READS}
    suffix = "/versions/{version}"
    return [(op, by_path[op.path[: -len("/{version}")]], by_path[op.path[: -len(suffix)]])
            for op in READS if op.path.endswith(suffix)]


VERSIONED = _versioned()


@pytest.mark.parametrize(
    ("version_read", "versions", "resource"),
    [pytest.param(op.operation_id, listing, get, id=get,
                  marks=pytest.mark.pinpoint(family="VER", operation=listing))
     for op, listing, get in VERSIONED])
def test_version_history(probe: Probe, existing: Existing, version_read: str, versions: str,
                         resource: str) -> None:
    """The versions of each campaign and segment the application holds: the current Version
    is listed (VER-003), the list is 1..N (VER-009), version N holds what the resource holds
    (VER-004), an unknown version is a 404 (VER-005)."""
    aliases = alias_names(CONTRACT)
    for params in existing.instances(resource):
        current = probe.request(resource, params, judge=False)  # test_read judges it
        number = whole(current.body.get("Version")) if isinstance(current.body, dict) else None
        if number is None or current.status != 200:
            continue
        history = [whole(item.get("Version")) for item in walk(probe, versions, params)]
        probe.verify(number in history, VER_HISTORY, versions,
                     "the versions list lacks the resource's current Version", number, history)
        probe.verify(sorted(v for v in history if v is not None) == list(range(1, number + 1))
                     and len(history) == number, VER_NUMBERS, versions,
                     "the versions are not 1..N, each once", f"1..{number}", history)
        latest = probe.request(version_read, {**params, VERSION: str(number)})
        if isinstance(latest.body, dict) and latest.status == 200:
            diff = differences(normalise(current.body, aliases), normalise(latest.body, aliases))
            probe.verify(not diff, VER_CONTENT, version_read,
                         "the current version does not hold what the resource holds",
                         f"Version {number} as the resource reads", "; ".join(diff))
        absent = probe.request(version_read, {**params, VERSION: str(number + 999999)},
                               expect=Expectation("error", 404))
        probe.verify(absent.status == 404, VER_UNKNOWN, version_read,
                     "an unknown version is not 404", 404, absent.status, absent.exchange)


UNKNOWN_READS = [(op_id, name) for op_id, name in unknown_id_cases(CONTRACT)
                 if CONTRACT.operation(op_id).method == "GET"]


@pytest.mark.parametrize(
    ("operation_id", "parameter"),
    [pytest.param(op_id, name, id=f"{op_id}-{name}",
                  marks=pytest.mark.pinpoint(family="ERR", operation=op_id))
     for op_id, name in UNKNOWN_READS])
def test_unknown_id(probe: Probe, existing: Existing, operation_id: str, parameter: str,
                    pinpoint_seed: int) -> None:
    """ERR-001 on reads: a path that names something that does not exist is a 404. The other
    parameters name what exists (under an unknown application, anything)."""
    names = path_parameters(CONTRACT, operation_id)
    if parameter in (APP, *owned(operation_id)):  # the version, if any, of nothing: any
        params = {name: "1" if name == VERSION else unknown(name, pinpoint_seed)
                  for name in names if name in (parameter, VERSION) or parameter == APP}
    else:  # an unknown version of a resource that exists
        params = {**existing.instances(operation_id)[0], VERSION: unknown(VERSION, pinpoint_seed)}
    refused(probe, operation_id, params, 404, ERR_UNKNOWN_ID,
            f"an unknown {parameter} is not a 404")
