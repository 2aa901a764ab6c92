"""Conforming variations: targets that differ from the reference target only where the
contract (spec/openapi.yaml and spec/ERRATA.md) leaves the choice to the implementer.

Each variation is a `Fault` of the fault layer with `catches=()`: a check that reports one is
a false alarm. `select` names the suite tests the variation could upset; `JUDGED` the check
families that must then have judged it (PASS outcomes, not only SKIPPED or UNSUPPORTED);
`ALLOWED_BY` where the contract leaves the choice open (docs/fault-layer.md, "Conforming
variations", says the same at length). `FALSE_ALARMS` names the variations some check still
reports, with the diagnosis: their tests are expected to fail until the check is fixed.
`tests/faults/test_conforming_variations.py` runs the suite against each.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote, unquote

from pinpoint_conformance.contract import HAL_JSON, JSON
from pinpoint_conformance.schema_walk import flatten
from tests.faults.faults import CONTRACT, LISTS, SUCCESS, answering, each_resource
from tests.faults.layer import Answer, Context, Fault, Request
from tests.faults.lenient import ANY_TIMEZONE, lenient_target

VARIATIONS: list[Fault] = []
JUDGED: dict[str, frozenset[str]] = {}  # variation -> the families that must judge it
ALLOWED_BY: dict[str, str] = {}  # variation -> where the contract allows it
# variation -> (the checks that still report it, the diagnosis), while a false alarm remains
FALSE_ALARMS: dict[str, tuple[tuple[str, ...], str]] = {}
# variation -> the SHOULD checks that report where it departs from a decision of the contract
DECISIONS: dict[str, frozenset[str]] = {}


def variation(name: str, description: str, select: str, families: str, allowed_by: str,
              *, decisions: tuple[str, ...] = (),
              false_alarm: tuple[tuple[str, ...], str] | None = None,
              **options: Any) -> Fault:
    """Declare a conforming variation (a Fault that no MUST check may catch). `decisions`: the
    SHOULD checks it must get, where it departs from a decision of the contract (ERRATA) and
    follows the reference or the service model instead: reported, never failing the run."""
    fault = Fault(name, description, (), select, **options)
    VARIATIONS.append(fault)
    JUDGED[name] = frozenset(families.split())
    ALLOWED_BY[name] = allowed_by
    DECISIONS[name] = frozenset(decisions)
    if false_alarm:
        FALSE_ALARMS[name] = false_alarm
    return fault


# ---------------------------------------------------------------------- small helpers
def _response_ref(operation_id: str | None, status: int, media: str) -> str | None:
    if operation_id is None:
        return None
    return CONTRACT.response_schema_ref(operation_id, status, media)


def _resource_schema(operation_id: str) -> str | None:
    """The component schema of the resource an operation answers (of its items, for a
    list), e.g. CampaignResponse for GetCampaigns."""
    op = CONTRACT.operation(operation_id)
    ref = CONTRACT.response_schema_ref(operation_id, op.success_status, JSON)
    if ref is None:
        return None
    flat = flatten(CONTRACT, {"$ref": ref})
    items = flat.get("properties", {}).get("Item", {}).get("items")
    if isinstance(items, dict) and "$ref" in items:
        return str(items["$ref"]).rsplit("/", 1)[-1]
    return ref.rsplit("/", 1)[-1]


def _strings(value: Any, change: Callable[[str, str | None], str], key: str | None = None) -> Any:
    """`value` with every string `s` (member `key` of its object) replaced by change(s, key)."""
    if isinstance(value, dict):
        return {k: _strings(v, change, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_strings(v, change, key) for v in value]
    if isinstance(value, str):
        return change(value, key)
    return value


def _changed(context: Context, before: Any, after: Any) -> Any:
    if _spelled(after) != _spelled(before):
        context.deviate()
    return after


def _spelled(value: Any) -> str:
    return json.dumps(value, sort_keys=True)  # 1 and 1.0 differ here, unlike in Python


def on_json(change: Callable[[dict[str, Any], Context], Any]) -> Any:
    """`faults.on_body`, but the answer is rewritten only when `change` changed something,
    so that the layer counts only the answers the variation really changed."""

    def rewrite(context: Context) -> None:
        assert context.answer is not None
        body = context.answer.json()
        if not isinstance(body, dict):
            return
        before = _spelled(body)
        result = change(body, context)
        after = body if result is None else result
        if _spelled(after) != before:
            context.answer.set_json(after)

    return rewrite


# ---------------------------------------------------------------------- 501 for unknown methods
# GET, PUT, POST and DELETE are the methods of the contract; HEAD is left to the reference
# target, as HTTP requires a general-purpose server to support it (RFC 9110, 9.1).
IMPLEMENTED_METHODS = frozenset({"GET", "PUT", "POST", "DELETE", "HEAD"})
# The page Python's http.server sends (BaseHTTPRequestHandler.send_error, DEFAULT_ERROR_MESSAGE)
NOT_IMPLEMENTED_PAGE = """<!DOCTYPE HTML>
<html lang="en">
    <head>
        <meta charset="utf-8">
        <title>Error response</title>
    </head>
    <body>
        <h1>Error response</h1>
        <p>Error code: 501</p>
        <p>Message: Unsupported method ('{method}').</p>
        <p>Error code explanation: 501 - Server does not support this operation.</p>
    </body>
</html>
"""


def not_implemented(context: Context) -> Answer | None:
    page = NOT_IMPLEMENTED_PAGE.format(method=html.escape(context.request.method)).encode()
    return context.deviate(Answer(501, [("Content-Type", "text/html;charset=utf-8"),
                                        ("Connection", "close")], page))


# ---------------------------------------------------------------------- service member names
def to_service_names(schema: dict[str, Any] | None, value: Any) -> Any:
    """`value` with every member the contract gives two readings (x-alias-of) under the
    service's name: CampaignStatus, JobStatus, SegmentType, DimensionType, RecencyType,
    EndpointStatus, ExternalId (ERRATA E06, E08, E11)."""
    if schema is None:
        return value
    flat = flatten(CONTRACT, schema)
    if isinstance(value, dict):
        props = flat.get("properties") or {}
        extra = flat.get("additionalProperties")
        service = {prop["x-alias-of"]: name for name, prop in props.items()
                   if isinstance(prop, dict) and "x-alias-of" in prop}
        renamed = {}
        for key, item in value.items():
            sub = props.get(key) or (extra if isinstance(extra, dict) else None)
            name = service.get(key, key)
            if name in value and name != key:
                name = key  # both readings sent: each is passed on under its own name
            renamed[name] = to_service_names(sub, item)
        return renamed
    if isinstance(value, list) and isinstance(flat.get("items"), dict):
        return [to_service_names(flat["items"], item) for item in value]
    return value


def service_names(context: Context) -> Answer | None:
    """Requests are passed on in the service's reading; answers are given in it."""
    request = context.request
    op_id = request.operation_id or ""
    ref = CONTRACT.operation(op_id).request_schema_ref if op_id else None
    body = request.json()
    if ref is not None and isinstance(body, dict):
        request = request.with_json(to_service_names({"$ref": ref}, body))
        _changed(context, body, request.json())
    answer = context.forward(request)
    media = HAL_JSON if (answer.header("Content-Type") or "").startswith(HAL_JSON) else JSON
    read = answer.json()
    response = _response_ref(request.operation_id, answer.status, media)
    if answer.ok and response and isinstance(read, dict):
        answer.set_json(_changed(context, read, to_service_names({"$ref": response}, read)))
    return answer


# ---------------------------------------------------------------------- service-era members
SERVICE_ERA_MEMBERS: dict[str, dict[str, Any]] = {  # values as the service writes them
    "ApplicationResponse": {"tags": {}},
    "CampaignResponse": {"tags": {}, "Priority": 3},
    "SegmentResponse": {"tags": {}},
    "APNSChannelResponse": {"Enabled": True, "HasCredential": True, "HasTokenKey": False,
                            "DefaultAuthenticationMethod": "CERTIFICATE"},
    "GCMChannelResponse": {"Enabled": True, "HasCredential": True,
                           "HasFcmServiceCredentials": False,
                           "DefaultAuthenticationMethod": "KEY"},
    "ApplicationSettingsResource": {"CampaignHook": {}},
}
SERVICE_ERA_LIMITS = {"MessagesPerSecond": 50}  # CampaignLimits, nested in campaigns


def add_service_era_members(body: dict[str, Any], context: Context) -> None:
    schema = _resource_schema(context.request.operation_id or "")
    for resource in each_resource(body):
        for name, value in SERVICE_ERA_MEMBERS.get(schema or "", {}).items():
            resource.setdefault(name, value)
        if schema == "CampaignResponse" and isinstance(resource.get("Limits"), dict):
            resource["Limits"] = {**SERVICE_ERA_LIMITS, **resource["Limits"]}


# ---------------------------------------------------------------------- ids of other forms
ID_PARAMETERS = ("application-id", "campaign-id", "segment-id", "job-id")
ID_MEMBERS = frozenset({"Id", "ApplicationId", "CampaignId", "SegmentId"})
REQUEST_ID_MEMBERS = frozenset({"ApplicationId", "SegmentId"})  # a batch item's Id is the client's
REFERENCE_ID = re.compile(r"^[0-9a-f]{32}$")
ID_IN_PATH = re.compile(r"((?:^|/|:)(?:apps|campaigns|segments|import)/)([0-9a-f]{32})(?=[/?]|$)")


class IdForm:
    """Ids of another form than the reference target's 32 hex characters, one for one: the
    layer translates them in paths, in the ids a body names, and in answers (ids, ARNs,
    links). Ids the client made up itself pass unchanged."""

    def __init__(self, make: Callable[[str, int], str]) -> None:
        self.make = make

    def _maps(self, context: Context) -> tuple[dict[str, str], dict[str, str], set[str]]:
        state = context.state
        return (state.setdefault("out", {}), state.setdefault("in", {}),
                state.setdefault("client", set()))

    def outward(self, context: Context, reference: str) -> str:
        out, back, client = self._maps(context)
        if reference in client:
            return reference
        if reference not in out:
            out[reference] = self.make(reference, len(out) + 1)
            back[out[reference]] = reference
        return out[reference]

    def inward(self, context: Context, value: str) -> str:
        _, back, client = self._maps(context)
        if value in back:
            return back[value]
        if REFERENCE_ID.match(value):
            client.add(value)  # a client's own string that looks like a reference id
        return value

    def request(self, context: Context) -> Request:
        request = context.request
        template = CONTRACT.operation(request.operation_id).path if request.operation_id else ""
        segments = request.path.split("/")
        for position, part in enumerate(template.split("/")):
            name = part[1:-1] if part.startswith("{") else None
            if name in ID_PARAMETERS and position < len(segments):
                value = unquote(segments[position])
                segments[position] = quote(self.inward(context, value), safe="")
        changed = replace(request, path="/".join(segments))
        body = request.json()
        if isinstance(body, dict):
            named = _strings(body, lambda s, key: self.inward(context, s)
                             if key in REQUEST_ID_MEMBERS else s)
            if named != body:
                changed = changed.with_json(named)
        return changed

    def answer(self, context: Context, body: Any) -> Any:
        endpoint = context.request.operation_id == "GetEndpoint"

        def member(value: str, key: str | None) -> str:
            if key in ID_MEMBERS and REFERENCE_ID.match(value) and not (endpoint and key == "Id"):
                return self.outward(context, value)
            return value

        def within(value: str, key: str | None) -> str:
            if key in ("href", "Arn"):
                return ID_IN_PATH.sub(
                    lambda m: m.group(1) + self.outward(context, m.group(2)), value)
            return value

        return _strings(_strings(body, member), within)

    def __call__(self, context: Context) -> Answer | None:
        request = self.request(context)
        if request != context.request:
            context.deviate()
        answer = context.forward(request)
        body = answer.json()
        if answer.ok and isinstance(body, dict):
            translated = self.answer(context, body)
            if translated != body:
                answer.set_json(translated)
                context.deviate()
        return answer


def dashed_uuid(reference: str, _: int) -> str:
    return str(uuid.UUID(reference))


def decimal_counter(_: str, number: int) -> str:
    return str(number)


def base64url(reference: str, _: int) -> str:
    return base64.urlsafe_b64encode(bytes.fromhex(reference)).rstrip(b"=").decode("ascii")


# ---------------------------------------------------------------------- dates
DATE_TIME = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$")
SERVER_STAMPS = frozenset({"CreationDate", "LastModifiedDate", "CompletionDate"})


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def dates(change: Callable[[re.Match[str], bool], str]) -> Any:
    """A rewrite of every date-time of a success answer: change(match, server_stamp), where
    server_stamp says whether the target's clock wrote it (a client's date keeps its
    instant: only its spelling may change)."""

    def apply(body: dict[str, Any], context: Context) -> Any:
        def one(value: str, key: str | None) -> str:
            match = DATE_TIME.match(value)
            return change(match, key in SERVER_STAMPS) if match else value

        return _strings(body, one)

    return on_json(apply)


def whole_seconds(match: re.Match[str], server: bool) -> str:
    return f"{match[1]}{match[3]}" if server else match[0]


def offset_for_utc(match: re.Match[str], server: bool) -> str:
    return match[0][:-1] + "+00:00" if match[3] == "Z" else match[0]


def microseconds(match: re.Match[str], server: bool) -> str:
    fraction = (match[2] or ".")[1:7].ljust(6, "0")
    if server and match[2] and len(match[2]) == 4:  # the reference's milliseconds
        digits = int(hashlib.sha256(match[0].encode()).hexdigest(), 16) % 1000
        fraction = match[2][1:] + f"{digits:03d}"
    return f"{match[1]}.{fraction}{match[3]}"


INDIA = timezone(timedelta(hours=5, minutes=30))


def local_offset(match: re.Match[str], server: bool) -> str:
    moment = _instant(match[0]).astimezone(INDIA)
    fraction = match[2] or ""
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + fraction + "+05:30"


# ---------------------------------------------------------------------- encodings
def charset_parameter(context: Context) -> None:
    assert context.answer is not None
    media = context.answer.header("Content-Type")
    if media in (JSON, HAL_JSON):
        context.answer.set_header("Content-Type", f"{media}; charset=utf-8")


GO_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
              "\u2029": "\\u2029"}


def raw_utf8_pretty(context: Context) -> None:
    """JSON spelled otherwise: UTF-8 written raw (not \\u escaped), two-space indents,
    keys sorted, a final newline, and <, > and & escaped as Go's encoding/json does."""
    assert context.answer is not None
    body = context.answer.json()
    if body is None:
        return
    text = json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    for character, escape in GO_ESCAPES.items():
        text = text.replace(character, escape)  # such characters only occur inside strings
    context.answer.body = text.encode("utf-8")


def gzip_when_accepted(context: Context) -> None:
    assert context.answer is not None
    accepted = context.request.headers.get("accept-encoding", "")
    if "gzip" in accepted.lower() and context.answer.body:
        context.answer.body = gzip.compress(context.answer.body, mtime=0)
        context.answer.set_header("Content-Encoding", "gzip")
        context.answer.set_header("Vary", "Accept-Encoding")


def connection_close(context: Context) -> None:
    assert context.answer is not None
    context.answer.set_header("Connection", "close")


EXTRA_HEADERS = (  # the reference's example answer (p. 1), and what proxies and frameworks add
    ("Access-Control-Allow-Origin", "*"),
    ("X-Amz-Cf-Id", "BerfOyKjyRgVGEKS2q3gHdWBZYFrqq0w4KmpamCCbY6o_xsAzxR1Iw=="),
    ("X-Amzn-Trace-Id", "Root=1-583b40bd-ca765532129bcbb6c5016375"),
    ("Cache-Control", "no-store"),
    ("Vary", "Accept, Origin"),
    ("Server", "pinpoint-variation/1.0"),
    ("X-Content-Type-Options", "nosniff"),
    ("Strict-Transport-Security", "max-age=31536000"),
)


def extra_headers(context: Context) -> None:
    assert context.answer is not None
    for name, value in EXTRA_HEADERS:
        context.answer.set_header(name, value)
    created = context.answer.json() if context.answer.status == 201 else None
    if isinstance(created, dict) and isinstance(created.get("Id"), str):
        location = f"{context.request.path.rstrip('/')}/{quote(created['Id'], safe='')}"
        context.answer.set_header("Location", location)


# ---------------------------------------------------------------------- paging
def short_pages(context: Context) -> Answer | None:
    """Pages hold at most half the items asked for (rounded up): a lower cap, and pages
    shorter than asked although more items follow."""
    asked = context.request.query.get("page-size", "")
    if not (asked.isascii() and asked.isdigit()) or int(asked) < 2:
        return None
    halved = str(-(-int(asked) // 2))
    return context.deviate(context.forward(
        context.request.with_query({**context.request.query, "page-size": halved})))


def _token_out(token: str) -> str:
    return base64.standard_b64encode(b"\xfb\xff" + token.encode("ascii")).decode("ascii")


def _token_in(token: str) -> str | None:
    try:
        raw = base64.b64decode(token.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        return None
    return raw[2:].decode("ascii", "replace") if raw.startswith(b"\xfb\xff") else None


def padded_tokens(context: Context) -> Answer | None:
    """NextToken in standard base64 with padding: '+', '/' and '=', which a client must
    percent-encode in the query string."""
    request = context.request
    token = request.query.get("token")
    if token is not None:
        inner = _token_in(token)
        request = request.with_query({**request.query, "token": inner or token})
    answer = context.forward(request)
    body = answer.json()
    if answer.ok and isinstance(body, dict) and isinstance(body.get("NextToken"), str):
        theirs = body["NextToken"]
        ours = _token_out(theirs)
        body["NextToken"] = ours
        links = body.get("_links")
        if isinstance(links, dict) and isinstance(links.get("next"), dict):
            href = str(links["next"].get("href", ""))
            links["next"]["href"] = href.replace(quote(theirs, safe=""), quote(ours, safe=""))
        answer.set_json(body)
        context.deviate()
    return answer


LIST_KEYS = {"GetCampaignVersions": "Version", "GetSegmentVersions": "Version"}


def newest_first(context: Context) -> Answer | None:
    """Lists newest first (versions too), with tokens of the layer's own (the key of the last
    item given, remembered; any other token is refused)."""
    request = context.request
    op_id = request.operation_id or ""
    key = LIST_KEYS.get(op_id, "Id")
    issued: dict[str, tuple[str, Any]] = context.state.setdefault("issued", {})
    token = request.query.get("token")
    if token is not None and issued.get(token, ("", None))[0] != request.path:
        return context.layer.error(400, "BadRequestException",
                                   "Invalid query parameter token: not issued for this list",
                                   request.accept)
    first = context.forward(request.with_query(
        {k: v for k, v in request.query.items() if k != "token"}))
    if not first.ok:
        return first  # page-size refused, unknown application...: as the target says
    items: list[Any] = []
    query: dict[str, str] = {"page-size": "1000"}
    for _ in range(1000):
        page = context.forward(request.with_query(query)).json() or {}
        items += page.get("Item", [])
        if not page.get("NextToken"):
            break
        query = {"page-size": "1000", "token": page["NextToken"]}
    items.reverse()
    start = 0
    if token is not None:
        after = issued[token][1]
        keys = [item.get(key) for item in items]
        start = keys.index(after) + 1 if after in keys else len(items)
    size = min(int(request.query.get("page-size", "100")), 1000)
    page_items = items[start:start + size]
    body: dict[str, Any] = {"Item": page_items}
    if start + size < len(items):
        ours = secrets.token_urlsafe(12)
        issued[ours] = (request.path, page_items[-1].get(key))
        body["NextToken"] = ours
    if request.hal:
        def href(query: dict[str, str]) -> str:
            return request.path + "?" + "&".join(f"{quote(k, safe='')}={quote(v, safe='')}"
                                                 for k, v in query.items())
        asked = {k: request.query[k] for k in ("page-size", "token") if k in request.query}
        links: dict[str, Any] = {"self": {"href": href(asked) if asked else request.path}}
        if "NextToken" in body:
            links["next"] = {"href": href({"page-size": str(size), "token": body["NextToken"]})}
        body["_links"] = links
    answer = Answer(200, [(k, v) for k, v in first.headers if k.lower() != "content-length"],
                    b"")
    answer.set_json(body)
    return context.deviate(answer)


# ---------------------------------------------------------------------- links
def absolute_links(body: dict[str, Any], context: Context) -> Any:
    host = context.request.headers.get("host", "127.0.0.1")

    def absolute(value: str, key: str | None) -> str:
        return f"http://{host}{value}" if key == "href" and value.startswith("/") else value

    return _strings(body, absolute)


CURIES = [{"name": "pinpoint", "templated": True,
           "href": "https://docs.aws.amazon.com/pinpoint/latest/apireference/{rel}.html"}]


def extra_relations(body: dict[str, Any], context: Context) -> None:
    """Links HAL allows beside self and next: curies, templated and titled links, arrays."""
    app = context.request.params.get("application-id")
    links = body.get("_links")
    if isinstance(links, dict):
        links["curies"] = CURIES
        if "Item" in body:
            links["first"] = {"href": str(links["self"]["href"]).split("?", 1)[0]}
            links["pinpoint:item"] = [item["_links"]["self"] for item in body["Item"]
                                      if isinstance(item.get("_links"), dict)]
    for resource in each_resource(body):
        own = resource.get("_links")
        if not isinstance(own, dict) or not isinstance(own.get("self"), dict):
            continue
        own["self"] = {**own["self"], "type": HAL_JSON, "title": "this resource"}
        if app:
            own["pinpoint:application"] = {"href": f"/v1/apps/{app}"}
        own["pinpoint:search"] = {"href": "/v1/apps{?page-size,token}", "templated": True}


# ---------------------------------------------------------------------- throttling
THROTTLE_EVERY = 10


def occasional_throttle(context: Context) -> Answer | None:
    """Every 10th request is answered 429 with Retry-After: 1, and not carried out."""
    count = context.state["count"] = context.state.get("count", 0) + 1
    if count % THROTTLE_EVERY:
        return None
    answer = context.layer.error(429, "TooManyRequestsException", "Rate exceeded",
                                 context.request.accept)
    answer.set_header("Retry-After", "1")
    return context.deviate(answer)


# ---------------------------------------------------------------------- error answers
ERROR_TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazonaws.pinpoint/"


def error_type_with_suffix(context: Context) -> None:
    assert context.answer is not None
    kind = context.answer.header("x-amzn-ErrorType")
    if kind:
        context.answer.set_header("x-amzn-ErrorType", kind + ERROR_TYPE_SUFFIX)


def without_request_id(body: dict[str, Any], context: Context) -> None:
    if "RequestID" in body and set(body) <= {"Message", "RequestID"}:
        del body["RequestID"]


# ---------------------------------------------------------------------- what answers hold
def completed_jobs(body: dict[str, Any], context: Context) -> None:
    """Import jobs run at once: read back COMPLETED, with a completion date and counts."""
    for job in each_resource(body):
        if job.get("Type") == "Import" and "CreationDate" in job:
            created = _instant(str(job["CreationDate"]))
            done = created + timedelta(seconds=1)
            job.update(Status="COMPLETED", CompletedPieces=1, FailedPieces=0, TotalPieces=1,
                       TotalProcessed=0, TotalFailures=0,
                       CompletionDate=done.strftime("%Y-%m-%dT%H:%M:%S.")
                       + f"{done.microsecond // 1000:03d}Z")


MESSAGE_HOLDERS = ("DefaultMessage", "APNSMessage", "GCMMessage")


def filled_defaults(body: dict[str, Any], context: Context) -> None:
    """Members a client left out, answered with the value the target assumed (the contract's
    defaults: Action OPEN_APP (E23), SetDimension Type INCLUSIVE (E06), ...)."""
    schema = _resource_schema(context.request.operation_id or "")
    for resource in each_resource(body):
        if schema == "CampaignResponse":
            resource.setdefault("HoldoutPercent", 0)
            resource.setdefault("IsPaused", False)
            for holder in [resource, *resource.get("AdditionalTreatments", [])]:
                config = holder.get("MessageConfiguration") or {}
                for message in (config.get(name) for name in MESSAGE_HOLDERS):
                    if isinstance(message, dict):
                        message.setdefault("Action", "OPEN_APP")
        elif schema == "SegmentResponse":
            dimensions = resource.get("Dimensions") or {}
            for group in ("Demographic", "Location"):
                for dimension in (dimensions.get(group) or {}).values():
                    if isinstance(dimension, dict) and "DimensionType" not in dimension:
                        dimension.setdefault("Type", "INCLUSIVE")
        elif schema == "EndpointResponse":
            if "EndpointStatus" not in resource:
                resource.setdefault("Status", "ACTIVE")
            resource.setdefault("OptOut", "NONE")
        elif schema == "ImportJobResponse" and isinstance(resource.get("Definition"), dict):
            resource["Definition"].setdefault("RegisterEndpoints", False)
            resource["Definition"].setdefault("DefineSegment", False)


OPTIONAL_BY_SCHEMA = {  # members the reference marks Optional and the contract does not require
    "APNSChannelResponse": ("Id", "ApplicationId", "IsArchived", "CreationDate"),
    "GCMChannelResponse": ("Id", "ApplicationId", "IsArchived", "CreationDate"),
    "EventStream": ("LastModifiedDate",),
    "ApplicationSettingsResource": ("LastModifiedDate",),
    "EndpointResponse": ("ApplicationId", "CohortId", "CreationDate"),
}


def optional_left_out(*schemas: str) -> Any:
    def change(body: dict[str, Any], context: Context) -> None:
        schema = _resource_schema(context.request.operation_id or "")
        if schema not in schemas:
            return
        for resource in each_resource(body):
            for name in OPTIONAL_BY_SCHEMA[schema]:
                resource.pop(name, None)

    return on_json(change)


def integers_as_floats(body: dict[str, Any], context: Context) -> Any:
    """Every integer written as a number with a zero fraction (1.0), as a target that keeps
    numbers as doubles does."""

    def floats(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: floats(v) for k, v in value.items()}
        if isinstance(value, list):
            return [floats(v) for v in value]
        if isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        return value

    return floats(body)


def active_after_every_write(body: dict[str, Any], _: Context) -> None:
    """An endpoint reads ACTIVE whatever Status was written (the service's reading)."""
    for resource in each_resource(body):
        if "EndpointStatus" not in resource:
            resource["Status"] = "ACTIVE"


# ---------------------------------------------------------------------- the variations
ENDPOINT_READS = frozenset({"GetEndpoint"})
IMPORT_JOBS = answering("ImportJobResponse", "ImportJobsResponse")
ERRORS = range(400, 600)


def hal_errors_as_json(context: Context) -> None:
    assert context.answer is not None
    context.answer.set_header("Content-Type", JSON)
    context.deviate()


def credentials_optional(context: Context) -> Answer | None:
    """A channel written without its credentials is accepted, as the service does (ERRATA
    E25): the layer gives the reference target stand-ins, and answers what it answers."""
    body = context.request.json()
    if not isinstance(body, dict):
        return None
    needed = {"UpdateApnsChannel": ("Certificate", "PrivateKey"),
              "UpdateGcmChannel": ("ApiKey",)}[context.request.operation_id or ""]
    missing = [name for name in needed if name not in body]
    if not missing:
        return None
    filled = {**body, **{name: "stand-in credential" for name in missing}}
    answer = context.forward(context.request.with_json(filled))
    return context.deviate(answer) if answer.ok else answer


def _variations() -> None:
    variation(
        "hal-errors-as-json",
        "errors are answered application/json even when HAL was asked (success answers are HAL)",
        "hal_error_answers or hal_segments", "CTYPE HAL",
        "the reference: application/hal+json is 'A HAL JSON response body that includes "
        "hyperlinks to related resources', which an error is not; errors as HAL are the "
        "contract's decision (ERRATA E20): CTYPE-003, a SHOULD",
        decisions=("CTYPE-003",), when=lambda r: r.hal, statuses=range(400, 600),
        rewrite=hal_errors_as_json,
    )
    variation(
        "channel-credentials-optional",
        "channel writes without Certificate and PrivateKey (APNS) or ApiKey (GCM) are "
        "accepted, as the service model has them optional",
        "invalid_create or invalid_update or missing_required", "ERR",
        "the service model: every member of APNSChannelRequest and GCMChannelRequest is "
        "optional (ERRATA E25); requiring them is the contract's decision: ERR-005 and ERR-011, "
        "SHOULD",
        decisions=("ERR-005", "ERR-011"),
        operations=frozenset({"UpdateApnsChannel", "UpdateGcmChannel"}),
        handle=credentials_optional,
    )
    variation(
        "timezone-free-string",
        "Schedule Timezone is a free string, as in the service model: any value is stored and "
        "read back as written",
        "invalid_create or invalid_update", "ERR",
        "the service model types Timezone as a string; the reference's closed list, printed "
        "with slips, applies 'if the value for isLocalTime is true' (ERRATA E18): ERR-011, "
        "SHOULD",
        decisions=("ERR-011",), target=lambda: lenient_target(ANY_TIMEZONE),
    )
    variation(
        "unknown-methods-answer-501",
        "every method the target implements nowhere (PATCH, OPTIONS, TRACE, CONNECT...; not "
        "HEAD) is answered 501 Not Implemented with http.server's HTML page",
        "wrong_method or (schemathesis_phase and coverage)", "ERR FUZZ",
        "RFC 9110 9.1 and 15.6.2 (501 for a method the server implements for no resource, "
        "405 for one it has but not on this path); the contract's 405 (MethodNotAllowed: "
        "the path exists but not with this method) is documented per operation, and the "
        "API's methods are GET, PUT, POST, DELETE (Hypertext Application Language, p. 2)",
        when=lambda r: r.method not in IMPLEMENTED_METHODS, handle=not_implemented,
        fuzz=True,
        # the operations the issue saw written off as UNSUPPORTED, and one that got FUZZ-001
        fuzz_operations=frozenset({"GetCampaignVersion", "GetImportJob", "GetSegmentVersion",
                                   "CreateCampaign"}),
    )
    variation(
        "service-member-names",
        "answers name members as the service does (CampaignStatus, JobStatus, SegmentType, "
        "DimensionType, RecencyType, EndpointStatus, ExternalId); requests reach the target in "
        "the service's reading",
        "campaign_lifecycle or segment_lifecycle or import_job or single_endpoint "
        "or hal_segments or any_valid_segment", "LIFE VER HAL SHAPE",
        "ERRATA E06, E08, E11 (both readings; a response schema requires either)",
        handle=service_names,
    )
    variation(
        "service-era-members",
        "answers carry members the service added since 2017: tags, Priority, "
        "Limits.MessagesPerSecond, channel Enabled/HasCredential/DefaultAuthenticationMethod, "
        "settings CampaignHook (beside the reference target's Arn)",
        "campaign_lifecycle or segment_lifecycle or channel_lifecycle or settings_update "
        "or hal_campaigns", "SHAPE LIFE VER HAL",
        "FACTS (a target that sends members the contract does not name is not wrong by "
        "default); ERRATA E07 (Arn); conformance/checks/service_members.json",
        statuses=SUCCESS, rewrite=on_json(add_service_era_members), strict=True,
    )
    for name, make, what, select, families in (
        ("ids-uuid-with-dashes", dashed_uuid, "UUIDs with dashes (36 characters)",
         "campaign_lifecycle or hal_segments", "LIFE VER HAL"),
        ("ids-decimal-counters", decimal_counter, "decimal counters (1, 2, 3...)",
         "segment_lifecycle or import_job_is_created or test_paging", "LIFE VER PAGE"),
        ("ids-base64url", base64url, "22 characters of base64url, case-sensitive, with - and _",
         "campaign_lifecycle or hal_import_jobs", "LIFE VER HAL"),
    ):
        variation(
            name, f"the ids the target assigns are {what}", select, families,
            "the spec's id parameters and members: a string of at least one character, "
            "\"as assigned by the service\"; nothing fixes their form",
            handle=IdForm(make),
        )
    for name, change, what, allowed in (
        ("dates-whole-seconds", whole_seconds,
         "the target's clock writes dates to the second, without a fraction",
         "ERRATA E15: RFC 3339, whose fraction of a second is optional"),
        ("dates-utc-as-offset", offset_for_utc, "UTC written +00:00 instead of Z",
         "ERRATA E15 and IsoDateTime: Z or a numeric offset"),
        ("dates-microseconds", microseconds,
         "the target's clock writes microseconds; every date has six decimals",
         "ERRATA E15: RFC 3339 allows any fraction of a second"),
        ("dates-local-offset", local_offset,
         "every date written in the server's local time, +05:30",
         "ERRATA E15 and IsoDateTime: Z or a numeric offset; the same instant"),
    ):
        variation(
            name, what, "campaign_lifecycle or channel_lifecycle or single_endpoint",
            "VER LIFE", allowed, statuses=SUCCESS, rewrite=dates(change),
        )
    variation(
        "json-with-charset", "Content-Type application/json; charset=utf-8 (and "
        "application/hal+json; charset=utf-8), errors included",
        "settings_update or hal_settings or unknown_id_is_404", "CTYPE ERR LIFE HAL",
        "RFC 8259 11 (charset is a parameter without effect on JSON); CTYPE-001/002 name the "
        "media type, not its parameters",
        rewrite=charset_parameter,
    )
    variation(
        "json-spelled-otherwise", "answers are pretty-printed with sorted keys and a final "
        "newline, non-ASCII written raw in UTF-8, <, > and & escaped as \\u003c... (Go)",
        "any_valid_segment or segment_lifecycle or malformed_json", "LIFE VER ERR",
        "RFC 8259 (the same JSON values); FACTS: rest-json",
        rewrite=raw_utf8_pretty,
    )
    variation(
        "gzip-when-accepted", "answers are gzip-compressed (Content-Encoding: gzip) when the "
        "client's Accept-Encoding allows it",
        "segment_lifecycle or hal_segments or malformed_json", "LIFE VER HAL ERR",
        "RFC 9110 8.4 and 12.5.3 (the client offered gzip); the contract says nothing of "
        "content codings",
        rewrite=gzip_when_accepted,
    )
    variation(
        "connection-close", "every answer is sent without Content-Length (chunked) and "
        "with Connection: close, and the connection is closed after it (no keep-alive)",
        "campaign_lifecycle or test_paging", "LIFE VER PAGE",
        "RFC 9112 9.6; the reference's example answer shows keep-alive, the contract does "
        "not require it",
        rewrite=connection_close,
    )
    variation(
        "extra-headers", "answers carry headers the contract does not name (CORS, "
        "X-Amz-Cf-Id, X-Amzn-Trace-Id, Cache-Control, Vary, Server, Location on 201...)",
        "segment_lifecycle or unknown_id_is_404", "LIFE VER ERR",
        "the reference's example answer (p. 1) has such headers; the spec declares only "
        "x-amzn-ErrorType and does not forbid others",
        rewrite=extra_headers,
    )
    variation(
        "short-pages", "a page holds at most half the page-size asked for (a lower cap, "
        "and pages shorter than asked although more follow)",
        "test_paging or hal_segments or hal_import_jobs or segment_lifecycle",
        "PAGE HAL LIFE VER",
        "ERRATA E21 (a target may cap page-size); page-size is the number of entries a "
        "client wants, and PAGE-001 bounds a page from above only",
        operations=LISTS, handle=short_pages,
    )
    variation(
        "tokens-base64-padded", "NextToken is standard base64 with padding (+, / and =)",
        "test_paging or hal_segments or hal_import_jobs", "PAGE HAL",
        "ERRATA E21: a token is opaque; the Token parameter is any string",
        operations=LISTS, handle=padded_tokens,
    )
    variation(
        "lists-newest-first", "lists (versions too) are newest first, with tokens of another "
        "kind (a key remembered by the target)",
        "test_paging or hal_segments or segment_lifecycle", "PAGE HAL LIFE VER",
        "the reference says nothing of order (Campaigns List, Segments List, the versions "
        "lists); ERRATA E21: tokens are opaque",
        operations=LISTS, handle=newest_first,
    )
    variation(
        "links-absolute", "every _links href is an absolute URL (http://host:port/v1/...)",
        "hal_segments or hal_import_jobs or hal_channels", "HAL CTYPE",
        "ERRATA E20 and HalLink: an absolute URL or a path",
        when=lambda r: r.hal, statuses=SUCCESS, rewrite=on_json(absolute_links),
    )
    variation(
        "links-extra-relations", "_links carry curies, first, item arrays, templated and "
        "titled links beside self and next",
        "hal_segments or hal_import_jobs or hal_channels", "HAL CTYPE SHAPE",
        "ERRATA E20: other links are allowed and not checked; HAL (draft-kelly-json-hal)",
        when=lambda r: r.hal, statuses=SUCCESS, rewrite=on_json(extra_relations), strict=True,
    )
    variation(
        "occasional-throttling", "every 10th request is answered 429 TooManyRequestsException "
        "with Retry-After: 1, and not carried out",
        "segment_lifecycle or settings_update", "LIFE VER",
        "every operation documents 429 TooManyRequests (FACTS: errors); the run retries 429",
        handle=occasional_throttle,
    )
    variation(
        "error-type-with-url-suffix", "x-amzn-ErrorType has the AWS form "
        "NotFoundException:http://internal.amazon.com/coral/...",
        "unknown_id_is_404 or malformed_json or missing_required", "ERR",
        "FACTS: the error type travels in x-amzn-ErrorType (as the service sends it, "
        "Type:detail); the spec's ErrorType header is a string",
        statuses=ERRORS, rewrite=error_type_with_suffix,
    )
    variation(
        "messages-without-request-id", "error bodies and the 202 answers to endpoint updates "
        "are {\"Message\"} without RequestID",
        "unknown_id_is_404 or single_endpoint", "ERR SHAPE LIFE",
        "MessageBody requires Message only (RequestID is optional)",
        rewrite=on_json(without_request_id),
    )
    variation(
        "import-jobs-completed", "import jobs run at once: read back COMPLETED with a "
        "CompletionDate and piece counts",
        "import_job or hal_import_jobs", "LIFE HAL",
        "ImportJobResponse: Status is any of its valid values; CompletionDate and the counts "
        "are optional members (ERRATA E29)",
        operations=IMPORT_JOBS - frozenset({"CreateImportJob"}), statuses=SUCCESS,
        rewrite=on_json(completed_jobs),
    )
    variation(
        "server-filled-defaults", "members a client left out are answered with the default "
        "the target assumed (HoldoutPercent 0, IsPaused false, Action OPEN_APP, SetDimension "
        "Type INCLUSIVE, endpoint Status ACTIVE and OptOut NONE, import flags false)",
        "campaign_lifecycle or single_endpoint or import_job_is_created or any_valid_segment",
        "LIFE VER",
        "ERRATA E23 (Action defaults to OPEN_APP), E06 (SetDimension Type defaults to "
        "INCLUSIVE); LIFE-001 compares what was written, and members the server fills are "
        "not written",
        statuses=SUCCESS, rewrite=on_json(filled_defaults),
    )
    variation(
        "optional-members-left-out", "channel, event stream and settings answers leave out "
        "the members the reference marks Optional and the contract does not require (Id, "
        "ApplicationId, IsArchived, CreationDate; LastModifiedDate)",
        "channel_lifecycle or hal_channels or event_stream_lifecycle or settings_update",
        "LIFE VER HAL",
        "APNS/GCM Channel Attributes, EventStreamModel and ApplicationSettingsResource mark "
        "them Optional; the spec requires only Platform, the stream's ApplicationId and ARNs, "
        "the settings' ApplicationId",
        statuses=SUCCESS, rewrite=optional_left_out("APNSChannelResponse", "GCMChannelResponse",
                                                    "EventStream",
                                                    "ApplicationSettingsResource"),
    )
    variation(
        "endpoint-optional-members-left-out", "GetEndpoint answers leave out ApplicationId, "
        "CohortId and CreationDate",
        "single_endpoint or batch_endpoint or hal_endpoint or any_valid_endpoint", "LIFE HAL",
        "Endpoint Attributes (EndpointResponse): ApplicationId and CohortId are Optional; "
        "ERRATA E28: CreationDate optional; the spec requires only Id",
        operations=ENDPOINT_READS, statuses=SUCCESS,
        rewrite=optional_left_out("EndpointResponse"),
    )
    variation(
        "endpoint-active-after-every-write", "an endpoint reads ACTIVE after every write, "
        "whatever Status was written (the service's reading: no delivery has failed)",
        "single_endpoint", "LIFE",
        "ERRATA E43, E45: the service sets EndpointStatus to ACTIVE when an endpoint is created "
        "or updated; the reference's rule (ACTIVE once the address is updated, LIFE-013) holds",
        operations=ENDPOINT_READS, statuses=SUCCESS,
        rewrite=on_json(active_after_every_write),
    )
    variation(
        "integers-as-floats", "every integer is written with a zero fraction (Version 1.0, "
        "HoldoutPercent 10.0), as a target that keeps numbers as doubles does",
        "segment_lifecycle", "LIFE VER",
        "JSON Schema 2020-12 (the contract's schemas, OpenAPI 3.1): an integer is any number "
        "with a zero fractional part; RFC 8259 has one number type",
        statuses=SUCCESS, rewrite=on_json(integers_as_floats),
    )


_variations()
VARIATIONS_BY_NAME: dict[str, Fault] = {fault.name: fault for fault in VARIATIONS}

__all__ = ["ALLOWED_BY", "FALSE_ALARMS", "JUDGED", "VARIATIONS", "VARIATIONS_BY_NAME"]
