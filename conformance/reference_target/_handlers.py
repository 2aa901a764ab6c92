"""What each operation does: one method per operationId of the contract.

Handlers receive path parameters, validated query parameters and a validated request body
already in the reference's reading, and return a Result. Status codes come from the
contract (`Operation.success_status`), not from here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pinpoint_conformance.contract import Contract, Operation
from pinpoint_conformance.reference_target._aliases import Shapes
from pinpoint_conformance.reference_target._clock import Clock, new_id
from pinpoint_conformance.reference_target._errors import not_found
from pinpoint_conformance.reference_target._pagination import Paginator
from pinpoint_conformance.reference_target._results import Accepted, Link, Listing, Resource, Result
from pinpoint_conformance.reference_target._store import AppState, Body, Record, Store, Versioned

ARN_PREFIX = "arn:aws:mobiletargeting:us-east-1:000000000000:apps/"
COHORTS = tuple(str(n) for n in range(100))
APP = "application-id"


@dataclass(frozen=True)
class Call:
    operation: Operation
    params: dict[str, str]
    query: dict[str, str]
    body: dict[str, Any] | None

    @property
    def app_id(self) -> str:
        return self.params[APP]


def cohort_of(endpoint_id: str) -> str:
    """A cohort from 0 to 99, the same for an endpoint id every time."""
    digest = hashlib.sha256(endpoint_id.encode("utf-8", "surrogatepass")).digest()
    return COHORTS[int.from_bytes(digest[:8], "big") % 100]


def address_updated(previous: Body | None, members: Body) -> bool:
    """An update of a stored endpoint that gives it a new Address and names no Status (a
    Status the request names is the one stored: ERRATA E45)."""
    return (previous is not None and "Address" in members and "Status" not in members
            and members["Address"] != previous.get("Address"))


def reference_value(contract: Contract, schema: str, member: str) -> str:
    """The single value the reference gives a member (`x-reference-value`)."""
    return str(contract.schemas[schema]["properties"][member]["x-reference-value"])


def enum_member(contract: Contract, schema: str, value: str) -> str:
    """`value`, checked to be one of the enum's values in the contract."""
    if value not in contract.schemas[schema]["enum"]:
        raise ValueError(f"{value!r} is not a value of {schema} in the contract")
    return value


class Handlers:
    def __init__(
        self, contract: Contract, store: Store, clock: Clock, paginator: Paginator
    ) -> None:
        self.store = store
        self.clock = clock
        self.paginator = paginator
        self.shapes = Shapes(contract)
        self.apns = reference_value(contract, "APNSChannelResponse", "Platform")
        self.gcm = reference_value(contract, "GCMChannelResponse", "Platform")
        self.import_type = reference_value(contract, "ImportJobResponse", "Type")
        self.job_created = enum_member(contract, "ImportJobStatus", "CREATED")
        self.dimensional = enum_member(contract, "SegmentType", "DIMENSIONAL")
        self.scheduled = enum_member(contract, "CampaignStatus", "SCHEDULED")
        self.paused = enum_member(contract, "CampaignStatus", "PAUSED")
        self.endpoint_active = enum_member(contract, "EndpointStatus", "ACTIVE")
        self.table: dict[str, Callable[[Call], Result]] = {}
        for op in contract.iter_operations():
            method = getattr(self, f"op_{op.operation_id}", None)
            if method is None:
                raise ValueError(f"the target has no handler for {op.operation_id}")
            self.table[op.operation_id] = method
        extra = {name[3:] for name in dir(self) if name.startswith("op_")} - set(self.table)
        if extra:
            raise ValueError(f"handlers for operations the contract lacks: {sorted(extra)}")

    def dispatch(self, call: Call) -> Result:
        return self.table[call.operation.operation_id](call)

    # ------------------------------------------------------------------ helpers
    def _listing(
        self,
        call: Call,
        entries: Iterable[tuple[int, Body]],
        link: Callable[[Body], Link],
        *parents: str,
    ) -> Listing:
        list_id = "\x00".join((call.operation.operation_id, *parents))
        page = self.paginator.page(
            entries, list_id, call.query.get("page-size"), call.query.get("token")
        )
        return Listing(
            [Resource(body, link(body)) for body in page.items], page.next_token, page.page_size
        )

    @staticmethod
    def _records(records: Iterable[Record]) -> Iterator[tuple[int, Body]]:
        return ((record.seq, record.body) for record in records)

    @staticmethod
    def _latest(items: Iterable[Versioned]) -> Iterator[tuple[int, Body]]:
        return ((item.seq, item.latest) for item in items)

    def _stamps(self, previous: Body | None) -> tuple[str, str]:
        """(CreationDate, LastModifiedDate) for a new body following `previous`."""
        if previous is None:
            now = self.clock.now()
            return now, now
        return previous["CreationDate"], self.clock.after(previous["LastModifiedDate"])

    # ------------------------------------------------------------------ apps
    def _app_link(self, body: Body) -> Link:
        return Link("GetApp", {APP: body["Id"]})

    def op_CreateApp(self, call: Call) -> Result:
        request = call.body or {}
        app_id = new_id()
        body: Body = {
            "Id": app_id,
            "Arn": ARN_PREFIX + app_id,
            "Name": request["Name"],
            "CreationDate": self.clock.now(),
        }
        if "tags" in request:
            body["tags"] = request["tags"]
        with self.store.lock:
            self.store.apps[app_id] = AppState(
                self.store.next_seq(), body, {"ApplicationId": app_id}
            )
        return Resource(body, self._app_link(body))

    def op_GetApps(self, call: Call) -> Result:
        with self.store.lock:
            entries = [(app.seq, app.body) for app in self.store.apps.values()]
        return self._listing(call, entries, self._app_link)

    def op_GetApp(self, call: Call) -> Result:
        with self.store.lock:
            body = self.store.app(call.app_id).body
        return Resource(body, self._app_link(body))

    def op_DeleteApp(self, call: Call) -> Result:
        with self.store.lock:
            body = self.store.app(call.app_id).body
            del self.store.apps[call.app_id]
        return Resource(body, self._app_link(body))

    # ------------------------------------------------------------------ campaigns
    def _campaign_link(self, body: Body) -> Link:
        return Link("GetCampaign", {APP: body["ApplicationId"], "campaign-id": body["Id"]})

    def _campaign_version_link(self, body: Body) -> Link:
        return Link(
            "GetCampaignVersion",
            {
                APP: body["ApplicationId"],
                "campaign-id": body["Id"],
                "version": str(body["Version"]),
            },
        )

    def _campaign(self, app: AppState, campaign_id: str) -> Versioned:
        found = app.campaigns.get(campaign_id)
        if found is None:
            raise not_found(
                f"Campaign {campaign_id!r} does not exist in application {app.body['Id']!r}"
            )
        return found

    def _campaign_body(
        self, app: AppState, campaign_id: str, request: Body, previous: Body | None
    ) -> Body:
        created, modified = self._stamps(previous)
        status = self.paused if request.get("IsPaused") else self.scheduled
        body: Body = dict(request)
        segment = app.segments.get(request["SegmentId"])
        body.setdefault("SegmentVersion", len(segment.versions) if segment else 1)
        treatments = request.get("AdditionalTreatments")
        if treatments:
            body["AdditionalTreatments"] = [
                {**treatment, "Id": str(index), "State": {"Status": status}}
                for index, treatment in enumerate(treatments, start=1)
            ]
            body["DefaultState"] = {"Status": status}
        body.update(
            Id=campaign_id,
            ApplicationId=app.body["Id"],
            Arn=f"{ARN_PREFIX}{app.body['Id']}/campaigns/{campaign_id}",
            CreationDate=created,
            LastModifiedDate=modified,
            Version=previous["Version"] + 1 if previous else 1,
            State={"Status": status},
        )
        return body

    def op_CreateCampaign(self, call: Call) -> Result:
        with self.store.lock:
            app = self.store.app(call.app_id)
            campaign_id = new_id()
            body = self._campaign_body(app, campaign_id, call.body or {}, None)
            app.campaigns[campaign_id] = Versioned(self.store.next_seq(), [body])
        return Resource(body, self._campaign_link(body))

    def op_GetCampaigns(self, call: Call) -> Result:
        with self.store.lock:
            entries = list(self._latest(self.store.app(call.app_id).campaigns.values()))
        return self._listing(call, entries, self._campaign_link, call.app_id)

    def op_GetCampaign(self, call: Call) -> Result:
        with self.store.lock:
            body = self._campaign(self.store.app(call.app_id), call.params["campaign-id"]).latest
        return Resource(body, self._campaign_link(body))

    def op_UpdateCampaign(self, call: Call) -> Result:
        with self.store.lock:
            app = self.store.app(call.app_id)
            campaign = self._campaign(app, call.params["campaign-id"])
            body = self._campaign_body(
                app, call.params["campaign-id"], call.body or {}, campaign.latest
            )
            campaign.versions.append(body)
        return Resource(body, self._campaign_link(body))

    def op_DeleteCampaign(self, call: Call) -> Result:
        with self.store.lock:
            app = self.store.app(call.app_id)
            body = self._campaign(app, call.params["campaign-id"]).latest
            del app.campaigns[call.params["campaign-id"]]
        return Resource(body, self._campaign_link(body))

    def op_GetCampaignVersions(self, call: Call) -> Result:
        campaign_id = call.params["campaign-id"]
        with self.store.lock:
            entries = list(self._campaign(self.store.app(call.app_id), campaign_id).entries())
        return self._listing(call, entries, self._campaign_version_link, call.app_id, campaign_id)

    def op_GetCampaignVersion(self, call: Call) -> Result:
        number = int(call.params["version"])
        with self.store.lock:
            campaign = self._campaign(self.store.app(call.app_id), call.params["campaign-id"])
            body = campaign.version(number)
        if body is None:
            raise not_found(f"Campaign {call.params['campaign-id']!r} has no version {number}")
        return Resource(body, self._campaign_version_link(body))

    def op_GetCampaignActivities(self, call: Call) -> Result:
        campaign_id = call.params["campaign-id"]
        with self.store.lock:
            self._campaign(self.store.app(call.app_id), campaign_id)
        # Nothing is ever sent, so no campaign has run: the list is always empty.
        return self._listing(call, [], self._campaign_link, call.app_id, campaign_id)

    # ------------------------------------------------------------------ segments
    def _segment_link(self, body: Body) -> Link:
        return Link("GetSegment", {APP: body["ApplicationId"], "segment-id": body["Id"]})

    def _segment_version_link(self, body: Body) -> Link:
        return Link(
            "GetSegmentVersion",
            {APP: body["ApplicationId"], "segment-id": body["Id"], "version": str(body["Version"])},
        )

    def _segment(self, app: AppState, segment_id: str) -> Versioned:
        found = app.segments.get(segment_id)
        if found is None:
            raise not_found(
                f"Segment {segment_id!r} does not exist in application {app.body['Id']!r}"
            )
        return found

    def _segment_body(
        self, app: AppState, segment_id: str, request: Body, previous: Body | None
    ) -> Body:
        created, modified = self._stamps(previous)
        body: Body = dict(request)
        body.update(
            Id=segment_id,
            ApplicationId=app.body["Id"],
            Arn=f"{ARN_PREFIX}{app.body['Id']}/segments/{segment_id}",
            CreationDate=created,
            LastModifiedDate=modified,
            Version=previous["Version"] + 1 if previous else 1,
            Type=self.dimensional,
        )
        return body

    def op_CreateSegment(self, call: Call) -> Result:
        with self.store.lock:
            app = self.store.app(call.app_id)
            segment_id = new_id()
            body = self._segment_body(app, segment_id, call.body or {}, None)
            app.segments[segment_id] = Versioned(self.store.next_seq(), [body])
        return Resource(body, self._segment_link(body))

    def op_GetSegments(self, call: Call) -> Result:
        with self.store.lock:
            entries = list(self._latest(self.store.app(call.app_id).segments.values()))
        return self._listing(call, entries, self._segment_link, call.app_id)

    def op_GetSegment(self, call: Call) -> Result:
        with self.store.lock:
            body = self._segment(self.store.app(call.app_id), call.params["segment-id"]).latest
        return Resource(body, self._segment_link(body))

    def op_UpdateSegment(self, call: Call) -> Result:
        with self.store.lock:
            app = self.store.app(call.app_id)
            segment = self._segment(app, call.params["segment-id"])
            body = self._segment_body(
                app, call.params["segment-id"], call.body or {}, segment.latest
            )
            segment.versions.append(body)
        return Resource(body, self._segment_link(body))

    def op_DeleteSegment(self, call: Call) -> Result:
        with self.store.lock:
            app = self.store.app(call.app_id)
            body = self._segment(app, call.params["segment-id"]).latest
            del app.segments[call.params["segment-id"]]
        return Resource(body, self._segment_link(body))

    def op_GetSegmentVersions(self, call: Call) -> Result:
        segment_id = call.params["segment-id"]
        with self.store.lock:
            entries = list(self._segment(self.store.app(call.app_id), segment_id).entries())
        return self._listing(call, entries, self._segment_version_link, call.app_id, segment_id)

    def op_GetSegmentVersion(self, call: Call) -> Result:
        number = int(call.params["version"])
        with self.store.lock:
            segment = self._segment(self.store.app(call.app_id), call.params["segment-id"])
            body = segment.version(number)
        if body is None:
            raise not_found(f"Segment {call.params['segment-id']!r} has no version {number}")
        return Resource(body, self._segment_version_link(body))

    # ------------------------------------------------------------------ channels
    def _channel_get(self, call: Call, platform: str, reader: str, delete: bool = False) -> Result:
        with self.store.lock:
            app = self.store.app(call.app_id)
            body = app.channels.get(platform)
            if body is None:
                raise not_found(f"Application {call.app_id!r} has no {platform} channel")
            if delete:
                del app.channels[platform]
        return Resource(body, Link(reader, {APP: call.app_id}))

    def _channel_put(self, call: Call, platform: str, reader: str, extra: Body) -> Result:
        with self.store.lock:
            app = self.store.app(call.app_id)
            previous = app.channels.get(platform)
            created, modified = self._stamps(previous)
            body: Body = {
                "Id": platform.lower(),
                "ApplicationId": call.app_id,
                "Platform": platform,
                "IsArchived": False,
                "Version": previous["Version"] + 1 if previous else 1,
                "CreationDate": created,
                "LastModifiedDate": modified,
                **extra,
            }
            app.channels[platform] = body
        return Resource(body, Link(reader, {APP: call.app_id}))

    def op_GetApnsChannel(self, call: Call) -> Result:
        return self._channel_get(call, self.apns, "GetApnsChannel")

    def op_UpdateApnsChannel(self, call: Call) -> Result:
        # The certificate and its private key are not kept: no answer may carry them.
        return self._channel_put(call, self.apns, "GetApnsChannel", {})

    def op_DeleteApnsChannel(self, call: Call) -> Result:
        return self._channel_get(call, self.apns, "GetApnsChannel", delete=True)

    def op_GetGcmChannel(self, call: Call) -> Result:
        return self._channel_get(call, self.gcm, "GetGcmChannel")

    def op_UpdateGcmChannel(self, call: Call) -> Result:
        credential = {"Credential": (call.body or {})["ApiKey"]}
        return self._channel_put(call, self.gcm, "GetGcmChannel", credential)

    def op_DeleteGcmChannel(self, call: Call) -> Result:
        return self._channel_get(call, self.gcm, "GetGcmChannel", delete=True)

    # ------------------------------------------------------------------ endpoints
    def _upsert_endpoint(self, app: AppState, endpoint_id: str, members: Body) -> None:
        previous = app.endpoints.get(endpoint_id)
        body: Body = {**previous, **members} if previous else dict(members)
        if address_updated(previous, members):
            # "Will be set to ACTIVE if the address is updated." (Endpoint Attributes, p. 38)
            body["Status"] = self.endpoint_active
        body.update(
            ApplicationId=app.body["Id"],
            Id=endpoint_id,
            CohortId=cohort_of(endpoint_id),
            CreationDate=previous["CreationDate"] if previous else self.clock.now(),
        )
        app.endpoints[endpoint_id] = body

    def op_UpdateEndpoint(self, call: Call) -> Result:
        with self.store.lock:
            app = self.store.app(call.app_id)
            self._upsert_endpoint(app, call.params["endpoint-id"], call.body or {})
        return Accepted("Accepted")

    def op_UpdateEndpointsBatch(self, call: Call) -> Result:
        items = (call.body or {})["Item"]
        with self.store.lock:
            app = self.store.app(call.app_id)
            for item in items:
                members = {key: value for key, value in item.items() if key != "Id"}
                self._upsert_endpoint(app, item["Id"], members)
        return Accepted("Accepted")

    def op_GetEndpoint(self, call: Call) -> Result:
        endpoint_id = call.params["endpoint-id"]
        with self.store.lock:
            body = self.store.app(call.app_id).endpoints.get(endpoint_id)
        if body is None:
            raise not_found(
                f"Endpoint {endpoint_id!r} does not exist in application {call.app_id!r}"
            )
        return Resource(body, Link("GetEndpoint", {APP: call.app_id, "endpoint-id": endpoint_id}))

    # ------------------------------------------------------------------ event stream
    def _stream_link(self, call: Call) -> Link:
        return Link("GetEventStream", {APP: call.app_id})

    def op_PutEventStream(self, call: Call) -> Result:
        request = dict(call.body or {})
        request.pop("ApplicationId", None)  # the application is the one in the URI (E13)
        with self.store.lock:
            app = self.store.app(call.app_id)
            body: Body = {
                "ApplicationId": call.app_id,
                **request,
                "LastModifiedDate": self.clock.now(),
            }
            app.event_stream = body
        return Resource(body, self._stream_link(call))

    def op_GetEventStream(self, call: Call) -> Result:
        with self.store.lock:
            body = self.store.app(call.app_id).event_stream
        if body is None:
            raise not_found(f"Application {call.app_id!r} has no event stream")
        return Resource(body, self._stream_link(call))

    def op_DeleteEventStream(self, call: Call) -> Result:
        with self.store.lock:
            app = self.store.app(call.app_id)
            body = app.event_stream
            if body is None:
                raise not_found(f"Application {call.app_id!r} has no event stream")
            app.event_stream = None
        return Resource(body, self._stream_link(call))

    # ------------------------------------------------------------------ import jobs
    def _job_link(self, body: Body) -> Link:
        return Link("GetImportJob", {APP: body["ApplicationId"], "job-id": body["Id"]})

    def op_CreateImportJob(self, call: Call) -> Result:
        with self.store.lock:
            app = self.store.app(call.app_id)
            job_id = new_id()
            body: Body = {
                "ApplicationId": call.app_id,
                "Id": job_id,
                "Type": self.import_type,
                "Status": self.job_created,
                "CreationDate": self.clock.now(),
                "Definition": self.shapes.conform(call.body or {}, "ImportJobResource"),
            }
            app.import_jobs[job_id] = Record(self.store.next_seq(), body)
        return Resource(body, self._job_link(body))

    def op_GetImportJobs(self, call: Call) -> Result:
        with self.store.lock:
            entries = list(self._records(self.store.app(call.app_id).import_jobs.values()))
        return self._listing(call, entries, self._job_link, call.app_id)

    def op_GetSegmentImportJobs(self, call: Call) -> Result:
        segment_id = call.params["segment-id"]
        with self.store.lock:
            app = self.store.app(call.app_id)
            self._segment(app, segment_id)
            entries = [
                (record.seq, record.body)
                for record in app.import_jobs.values()
                if record.body["Definition"].get("SegmentId") == segment_id
            ]
        return self._listing(call, entries, self._job_link, call.app_id, segment_id)

    def op_GetImportJob(self, call: Call) -> Result:
        job_id = call.params["job-id"]
        with self.store.lock:
            record = self.store.app(call.app_id).import_jobs.get(job_id)
        if record is None:
            raise not_found(f"Import job {job_id!r} does not exist in application {call.app_id!r}")
        return Resource(record.body, self._job_link(record.body))

    # ------------------------------------------------------------------ settings
    def _settings_link(self, call: Call) -> Link:
        return Link("GetApplicationSettings", {APP: call.app_id})

    def op_GetApplicationSettings(self, call: Call) -> Result:
        with self.store.lock:
            body = self.store.app(call.app_id).settings
        return Resource(body, self._settings_link(call))

    def op_UpdateApplicationSettings(self, call: Call) -> Result:
        with self.store.lock:
            app = self.store.app(call.app_id)
            previous = app.settings.get("LastModifiedDate")
            modified = self.clock.after(previous) if previous else self.clock.now()
            body: Body = {**app.settings, **(call.body or {}), "LastModifiedDate": modified}
            body["ApplicationId"] = call.app_id
            app.settings = body
        return Resource(body, self._settings_link(call))
