"""Properties over generated bodies (the `strategies` package): LIFE-010, VER-008, ERR-008..010.

Round trips: any valid body is accepted and read back as written; any valid update adds one
version that lands in the history; `--examples N` (or the profile) sets how many bodies each
of these properties tries, the run's seed which. Negative: every rule of the invalid-body
catalogue, each broken once by the simplest body that breaks it, is refused with 400 and a
MessageBody and leaves nothing behind.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import strategies as st

import pinpoint_strategies as strategies
from pinpoint_conformance.checks.compare import differences, whole
from pinpoint_conformance.checks.exchange import Expectation
from pinpoint_conformance.checks.properties import (
    DECIDED_RULE_REFUSED,
    INVALID_REFUSED,
    REFUSED_LEAVES_NOTHING,
    ROUND_TRIP,
    RULE_REFUSED,
    UPDATE_ROUND_TRIP,
)
from pinpoint_conformance.client import PinpointClient
from pinpoint_conformance.plugin import Profile
from pinpoint_conformance.probe import Answer, Blocked, Probe
from pinpoint_conformance.properties import check_property, draw_one
from pinpoint_conformance.provenance import load_provenance
from pinpoint_conformance.suite import bodies
from pinpoint_conformance.suite._flows import check_read_back, make_segment, walk
from pinpoint_conformance.suite._undo import undo_if_made
from pinpoint_conformance.tracker import ResourceTracker

_counter = itertools.count()


def _unique(prefix: str) -> str:
    return f"{prefix}-{next(_counter)}"


def _same(probe: Probe, operation_id: str, written: dict[str, Any], read: Any,
          check: Any = ROUND_TRIP) -> None:
    if not isinstance(read, dict):
        read = {}
    check_read_back(probe, operation_id, written, read, check,
                    "a generated body is not read back as written")


def _segment(probe: Probe, seed: int) -> str:
    return make_segment(probe, f"pc-{seed}-prop")


def _created(probe: Probe, create: str, delete: str, id_param: str,
             body: dict[str, Any]) -> dict[str, Any]:
    answer = probe.succeed(create, body=body)
    resource_id = str(answer.get("Id"))
    probe.tracker.add(f"{create} {resource_id}", delete,
                      {"application-id": probe.app_id, id_param: resource_id})
    return answer


# ---------------------------------------------------------------------- round trips
@pytest.mark.pinpoint(family="LIFE", operation="CreateCampaign")
def test_any_valid_campaign_round_trips(probe: Probe, pinpoint_profile: Profile,
                                        pinpoint_seed: int) -> None:
    segment_id = _segment(probe, pinpoint_seed)

    def example(body: dict[str, Any]) -> None:
        created = _created(probe, "CreateCampaign", "DeleteCampaign", "campaign-id", body)
        _same(probe, "CreateCampaign", body, created)
        read = probe.succeed("GetCampaign", {"campaign-id": str(created["Id"])})
        _same(probe, "CreateCampaign", body, read)

    check_property(probe, strategies.write_campaign(segment_id=st.just(segment_id)), example,
                   examples=pinpoint_profile.examples, seed=pinpoint_seed)


@pytest.mark.pinpoint(family="LIFE", operation="CreateSegment")
def test_any_valid_segment_round_trips(probe: Probe, pinpoint_profile: Profile,
                                       pinpoint_seed: int) -> None:
    def example(body: dict[str, Any]) -> None:
        created = _created(probe, "CreateSegment", "DeleteSegment", "segment-id", body)
        _same(probe, "CreateSegment", body, created)
        _same(probe, "CreateSegment", body,
              probe.succeed("GetSegment", {"segment-id": str(created["Id"])}))

    check_property(probe, strategies.write_segment(), example,
                   examples=pinpoint_profile.examples, seed=pinpoint_seed)


VERSIONED = {
    "campaign": ("CreateCampaign", "UpdateCampaign", "GetCampaignVersions", "DeleteCampaign",
                 "campaign-id"),
    "segment": ("CreateSegment", "UpdateSegment", "GetSegmentVersions", "DeleteSegment",
                "segment-id"),
}


@pytest.mark.pinpoint(family="VER", operation="UpdateCampaign")
@pytest.mark.parametrize("noun", sorted(VERSIONED))
def test_any_valid_update_adds_one_version(probe: Probe, noun: str, pinpoint_profile: Profile,
                                           pinpoint_seed: int) -> None:
    create, update, versions, delete, id_param = VERSIONED[noun]
    segment_id = _segment(probe, pinpoint_seed)
    first = (bodies.campaign(f"pc-{pinpoint_seed}-v", segment_id) if noun == "campaign"
             else bodies.segment(f"pc-{pinpoint_seed}-v"))
    created = _created(probe, create, delete, id_param, first)
    ids = {id_param: str(created["Id"])}
    state = {"version": created.get("Version")}
    strategy = (strategies.write_campaign(segment_id=st.just(segment_id)) if noun == "campaign"
                else strategies.write_segment())

    def example(body: dict[str, Any]) -> None:
        before = state["version"]
        updated = probe.succeed(update, ids, body=body)
        state["version"] = updated.get("Version")
        _same(probe, update, body, updated)
        grew = whole(before) is not None and whole(updated.get("Version")) == whole(before) + 1
        probe.verify(grew, UPDATE_ROUND_TRIP, update, "an update did not add exactly one version",
                     f"Version {before} + 1", updated.get("Version"))
        history = [item.get("Version") for item in walk(probe, versions, ids)]
        probe.verify(updated.get("Version") in history, UPDATE_ROUND_TRIP, versions,
                     "the new version is not in the history", updated.get("Version"), history)

    check_property(probe, strategy, example, examples=pinpoint_profile.examples,
                   seed=pinpoint_seed)


@pytest.mark.pinpoint(family="LIFE", operation="UpdateEndpoint")
@pytest.mark.usefixtures("own_app_only")  # endpoints cannot be deleted through the contract
def test_any_valid_endpoint_round_trips(probe: Probe, pinpoint_profile: Profile,
                                        pinpoint_seed: int) -> None:
    def example(body: dict[str, Any]) -> None:
        endpoint_id = _unique(f"pc-{pinpoint_seed}-prop")
        probe.succeed("UpdateEndpoint", {"endpoint-id": endpoint_id}, body=body)
        read = probe.succeed("GetEndpoint", {"endpoint-id": endpoint_id})
        _same(probe, "UpdateEndpoint", body, read)

    check_property(probe, strategies.endpoint_request(), example,
                   examples=pinpoint_profile.examples, seed=pinpoint_seed)


SINGLETONS: dict[str, tuple[str, str, str | None, Callable[[], Any]]] = {
    # write, read, delete (None: cannot be deleted), strategy
    "settings": ("UpdateApplicationSettings", "GetApplicationSettings", None,
                 strategies.write_application_settings),
    "event stream": ("PutEventStream", "GetEventStream", "DeleteEventStream",
                     strategies.write_event_stream),
    "APNS channel": ("UpdateApnsChannel", "GetApnsChannel", "DeleteApnsChannel",
                     strategies.apns_channel_request),
    "GCM channel": ("UpdateGcmChannel", "GetGcmChannel", "DeleteGcmChannel",
                    strategies.gcm_channel_request),
}
# members a read never returns: channel credentials (ERRATA E25)
UNREADABLE = {"Certificate", "PrivateKey", "ApiKey"}


@pytest.mark.pinpoint(family="LIFE", operation="UpdateApplicationSettings")
@pytest.mark.parametrize("resource", sorted(SINGLETONS))
@pytest.mark.usefixtures("own_app_only")
def test_any_valid_write_round_trips(probe: Probe, resource: str, pinpoint_profile: Profile,
                                     pinpoint_seed: int) -> None:
    write, read, delete, strategy = SINGLETONS[resource]
    if delete:
        probe.tracker.add(resource, delete, {"application-id": probe.app_id})

    def example(body: dict[str, Any]) -> None:
        probe.succeed(write, body=body)
        readable = {k: v for k, v in body.items() if k not in UNREADABLE | {"ApplicationId"}}
        _same(probe, write, readable, probe.succeed(read))

    check_property(probe, strategy(), example, examples=pinpoint_profile.examples,
                   seed=pinpoint_seed)


# ---------------------------------------------------------------------- negative
CREATES = {  # create, list, delete (None: the contract cannot delete it), id parameter
    "WriteCampaignRequest": ("CreateCampaign", "GetCampaigns", "DeleteCampaign", "campaign-id"),
    "WriteSegmentRequest": ("CreateSegment", "GetSegments", "DeleteSegment", "segment-id"),
    "ImportJobRequest": ("CreateImportJob", "GetImportJobs", None, None),
}
UPDATES = {
    "WriteCampaignRequest": ("UpdateCampaign", "GetCampaign", "campaign-id"),
    "WriteSegmentRequest": ("UpdateSegment", "GetSegment", "segment-id"),
    "WriteApplicationSettingsRequest": ("UpdateApplicationSettings", "GetApplicationSettings",
                                        None),
    "EndpointRequest": ("UpdateEndpoint", "GetEndpoint", "endpoint-id"),
    "EndpointBatchRequest": ("UpdateEndpointsBatch", None, None),
    "WriteEventStream": ("PutEventStream", "GetEventStream", None),
    "APNSChannelRequest": ("UpdateApnsChannel", "GetApnsChannel", None),
    "GCMChannelRequest": ("UpdateGcmChannel", "GetGcmChannel", None),
}
CREATION_ONLY = "Address:required"  # rules that bind the creation of an endpoint only
NEEDS_OWN_APP = {"ImportJobRequest", "WriteApplicationSettingsRequest", "EndpointRequest",
                 "EndpointBatchRequest", "WriteEventStream", "APNSChannelRequest",
                 "GCMChannelRequest"}


def _refused(probe: Probe, operation_id: str, params: dict[str, str], invalid: Any) -> Answer:
    """Send one invalid body and judge it by its rule's provenance: a body breaking a rule
    the reference states must not be carried out (ERR-008, MUST; the 400 and the MessageBody
    of the refusal are the contract's decisions: STATUS-002, SHAPE-003); one breaking a
    decided rule should be refused with 400 and a MessageBody (ERR-011; ERR-010 for the
    x-rules). What a target accepted although it had to refuse it is deleted at once where
    the contract can."""
    answer = probe.request(operation_id, params, body=invalid.body, judge=False,
                           expect=Expectation("error", 400))
    rule = strategies.component_rule(invalid.schema, invalid.rule)
    provenance = load_provenance().rule(rule)
    accepted = answer.status is not None and 200 <= answer.status < 300
    shown = answer.exchange.response_body[:80]
    actual = f"{answer.status} (breaking {invalid.rule} at {invalid.path}) {shown!r}"
    if invalid.kind == "schema" and provenance.kind == "stated":
        probe.verify(not accepted, INVALID_REFUSED, operation_id,
                     f"a body breaking {rule} was carried out", "no 2xx (the contract: 400)",
                     actual, answer.exchange, provenance)
        probe.judge(answer.exchange, Expectation("error", 400, status_check=not accepted))
    else:
        check = DECIDED_RULE_REFUSED if invalid.kind == "schema" else RULE_REFUSED
        refused = (answer.status == 400 and isinstance(answer.body, dict)
                   and "Message" in answer.body)
        probe.verify(refused, check, operation_id, f"a body breaking {rule} was not refused",
                     "400 with a MessageBody", actual, answer.exchange, provenance)
        probe.judge(answer.exchange, Expectation("error", 400, status_check=False))
    undo_if_made(probe, operation_id, params, answer)
    return answer


def _was_refused(answer: Answer) -> bool:
    return answer.status is not None and answer.status >= 400


def _skip_in_an_existing_app(schema: str, pytestconfig: pytest.Config) -> None:
    if schema in NEEDS_OWN_APP and pytestconfig.getoption("--pinpoint-app-id"):
        pytest.skip("would modify or leave behind state (which the contract cannot delete) "
                    "in the existing application given with --app-id")


@pytest.fixture(scope="module")
def negative_app(pytestconfig: pytest.Config, pinpoint_client: PinpointClient,
                 pinpoint_tracker: ResourceTracker, pinpoint_app_id: str,
                 pinpoint_seed: int) -> Iterator[str]:
    """The application the negative properties work in: one of their own, deleted when they
    are done, so that nothing a faulty target accepted (an import job, an endpoint, settings:
    the contract cannot delete them) is seen by a later check. Inside an application given
    with --app-id only what can be deleted at once is tried there."""
    if pytestconfig.getoption("--pinpoint-app-id"):
        yield pinpoint_app_id
        return
    made = pinpoint_client.call("CreateApp", body={"Name": f"pc-{pinpoint_seed}-negative"})
    try:
        app_id = json.loads(made.response_body).get("Id")
    except (ValueError, AttributeError):
        app_id = None
    if not isinstance(app_id, str) or not app_id:  # CreateApp is judged by test_apps
        yield pinpoint_app_id
        return
    label = f"application {app_id} (negative properties)"
    pinpoint_tracker.add(label, "DeleteApp", {"application-id": app_id})
    yield app_id
    done = pinpoint_client.call("DeleteApp", {"application-id": app_id})
    if done.status is not None and (200 <= done.status < 300 or done.status == 404):
        pinpoint_tracker.forget(label)


def each_rule(schema: str, base: Any, rules: list[str] | None, seed: int) -> Iterator[Any]:
    """One invalid body per rule of the catalogue, drawn under the run's seed: the negative
    properties cover every rule in every run."""
    for rule in rules if rules is not None else strategies.invalid_rules(schema):
        yield draw_one(strategies.invalid_body(schema, base=base, rules=[rule]), seed)


def _ids(probe: Probe, listing: str) -> set[Any]:
    # bookkeeping: the list's own tests judge its answers
    return {item.get("Id") for item in walk(probe, listing, judge=False)}


@pytest.mark.pinpoint(family="ERR", operation="CreateCampaign")
@pytest.mark.parametrize("schema", sorted(CREATES))
def test_an_invalid_create_is_refused_and_creates_nothing(
    probe: Probe, schema: str, pinpoint_seed: int, pytestconfig: pytest.Config,
    negative_app: str,
) -> None:
    _skip_in_an_existing_app(schema, pytestconfig)
    probe.app_id = negative_app
    create, listing, _delete, _id_param = CREATES[schema]
    segment_id = _segment(probe, pinpoint_seed)
    base = strategies.valid_body(schema, **({"segment_id": st.just(segment_id)}
                                            if schema != "WriteSegmentRequest" else {}))
    for invalid in each_rule(schema, base, None, pinpoint_seed):
        before = _ids(probe, listing)
        if not _was_refused(_refused(probe, create, {}, invalid)):
            continue
        after = _ids(probe, listing)
        probe.verify(after <= before, REFUSED_LEAVES_NOTHING, create,
                     "a refused create created something", "no new item",
                     f"{sorted(str(i) for i in after - before)} (breaking {invalid.rule})")


@pytest.mark.pinpoint(family="ERR", operation="UpdateCampaign")
@pytest.mark.parametrize("schema", sorted(UPDATES))
def test_an_invalid_update_is_refused_and_changes_nothing(
    probe: Probe, schema: str, pinpoint_seed: int, pytestconfig: pytest.Config,
    negative_app: str,
) -> None:
    _skip_in_an_existing_app(schema, pytestconfig)
    probe.app_id = negative_app
    update, read, id_param = UPDATES[schema]
    params = _existing(probe, schema, id_param, pinpoint_seed)
    options = ({"segment_id": st.just(params["segment"])} if schema == "WriteCampaignRequest"
               else {})
    base = strategies.valid_body(schema, **options)
    # an update of an existing endpoint may leave Address out (ERRATA E08)
    rules = [r for r in strategies.invalid_rules(schema) if not r.startswith(CREATION_ONLY)]
    for invalid in each_rule(schema, base, rules, pinpoint_seed):
        ids = {k: v for k, v in params.items() if k != "segment"}
        before = probe.succeed(read, ids, judge=False) if read else None
        if not _was_refused(_refused(probe, update, ids, invalid)):
            # accepted: what the resource holds now is the fault's, not a state to compare
            # later refusals against (it was deleted if the contract can)
            params = _existing(probe, schema, id_param, pinpoint_seed)
            continue
        if read is None:
            continue
        moved = differences(before, probe.succeed(read, ids, judge=False))
        probe.verify(not moved, REFUSED_LEAVES_NOTHING, update,
                     "a refused update changed the resource", "the resource as before",
                     f"(breaking {invalid.rule}) " + "; ".join(moved)[:280])


def _existing(probe: Probe, schema: str, id_param: str | None, seed: int) -> dict[str, str]:
    """Something valid for the invalid update to be refused against (a new one each call)."""
    segment_id = _segment(probe, seed)
    if schema == "WriteCampaignRequest":
        created = _created(probe, "CreateCampaign", "DeleteCampaign", "campaign-id",
                           bodies.campaign(f"pc-{seed}-neg", segment_id))
        return {"campaign-id": str(created["Id"]), "segment": segment_id}
    if schema == "WriteSegmentRequest":
        return {"segment-id": segment_id}
    if schema == "EndpointRequest":
        endpoint_id = _unique(f"pc-{seed}-neg-endpoint")
        probe.succeed("UpdateEndpoint", {"endpoint-id": endpoint_id},
                      body=bodies.endpoint("token", "user"))
        return {"endpoint-id": endpoint_id}
    writes = {"WriteEventStream": ("PutEventStream", "DeleteEventStream"),
              "APNSChannelRequest": ("UpdateApnsChannel", "DeleteApnsChannel"),
              "GCMChannelRequest": ("UpdateGcmChannel", "DeleteGcmChannel")}
    if schema in writes:
        write, delete = writes[schema]
        probe.succeed(write, body=_first_valid(schema))
        probe.tracker.add(f"{schema} target", delete, {"application-id": probe.app_id})
    if id_param is not None:
        raise Blocked(f"no setup for {schema}")
    return {}


def _first_valid(schema: str) -> dict[str, Any]:
    """A fixed valid body to write before refusing one."""
    return dict(draw_one(strategies.valid_body(schema), 0))
