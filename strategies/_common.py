"""Shared building blocks: moments, times of day, ids, names, ARNs, S3 URLs, places.

The curated tuples below are data the contract does not hold (which country codes, language
codes and tz names exist); everything the contract does hold (patterns, enums, bounds) is read
through `_spec`. Every strategy is built from hypothesis primitives only, so a seed fixes the
output and shrinking goes towards the first, simplest choice (an omitted member, `Z`, the
start of the date range, the first curated value).
"""

from __future__ import annotations

import base64
import functools
import string
import textwrap
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, TypeVar

from hypothesis import strategies as st
from jsonschema import FormatChecker

from pinpoint_strategies import _spec

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])
Draw = Callable[[st.SearchStrategy[Any]], Any]

# ---------------------------------------------------------------------- curated data
#: ISO 3166-1 alpha-2 codes of countries Pinpoint users commonly live in.
COUNTRY_CODES: tuple[str, ...] = (
    "US", "CA", "MX", "BR", "AR", "GB", "IE", "FR", "DE", "ES", "PT", "IT", "NL", "BE", "CH",
    "AT", "SE", "NO", "DK", "FI", "PL", "IN", "JP", "KR", "CN", "SG", "AU", "NZ", "ZA", "EG",
)
#: language_COUNTRY locales (ISO 639-1, underscore, ISO 3166-1 alpha-2) that exist.
LOCALES: tuple[str, ...] = (
    "en_US", "en_GB", "en_CA", "en_AU", "en_IN", "fr_FR", "fr_CA", "de_DE", "de_AT", "es_ES",
    "es_MX", "pt_BR", "pt_PT", "it_IT", "nl_NL", "sv_SE", "ja_JP", "ko_KR", "zh_CN", "hi_IN",
    "ar_EG", "pl_PL",
)
#: tz database names (not the reference's `Americas/Los_Angeles`, ERRATA E26).
TZ_NAMES: tuple[str, ...] = (
    "America/Los_Angeles", "America/New_York", "America/Chicago", "America/Sao_Paulo",
    "Europe/London", "Europe/Paris", "Europe/Berlin", "Asia/Kolkata", "Asia/Tokyo",
    "Asia/Singapore", "Australia/Sydney", "Pacific/Auckland", "Africa/Johannesburg", "UTC",
)
#: UTC offsets in minutes that places really use (0 first: it renders as `Z`).
UTC_OFFSETS: tuple[int, ...] = (
    0, 60, 120, -300, -480, 330, 540, 600, -180, -240, 180, 345, -210, 570, 765, 840, -720,
)
#: AWS regions where Pinpoint runs.
REGIONS: tuple[str, ...] = (
    "us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-south-1", "ap-southeast-2",
    "ap-northeast-1", "ca-central-1",
)
#: (partition, region) pairs an ARN can carry.
PARTITIONS: tuple[str, ...] = ("aws", "aws-cn", "aws-us-gov")
#: (City, Region, Country, PostalCode, Latitude, Longitude) of real places.
PLACES: tuple[tuple[str, str, str, str, float, float], ...] = (
    ("Seattle", "WA", "US", "98101", 47.6062, -122.3321),
    ("New York", "NY", "US", "10001", 40.7128, -74.006),
    ("Toronto", "ON", "CA", "M5H 2N2", 43.6532, -79.3832),
    ("London", "England", "GB", "EC1A 1BB", 51.5074, -0.1278),
    ("Paris", "Ile-de-France", "FR", "75001", 48.8566, 2.3522),
    ("Berlin", "Berlin", "DE", "10115", 52.52, 13.405),
    ("Sao Paulo", "SP", "BR", "01000-000", -23.5505, -46.6333),
    ("Mumbai", "MH", "IN", "400001", 19.076, 72.8777),
    ("Tokyo", "Tokyo", "JP", "100-0001", 35.6762, 139.6503),
    ("Sydney", "NSW", "AU", "2000", -33.8688, 151.2093),
    ("Auckland", "Auckland", "NZ", "1010", -36.8485, 174.7633),
    ("Cape Town", "WC", "ZA", "8001", -33.9249, 18.4241),
)
#: (Make, Model, ModelVersion, Platform, PlatformVersion) of real devices.
DEVICES: tuple[tuple[str, str, str, str, str], ...] = (
    ("Apple", "iPhone", "iPhone15,2", "ios", "17.1"),
    ("Apple", "iPad", "iPad13,4", "ios", "16.6"),
    ("Google", "Pixel 8", "shiba", "android", "14"),
    ("samsung", "SM-G991B", "o1s", "android", "13"),
    ("OnePlus", "LE2123", "lemonadep", "android", "12"),
)
PLATFORMS: tuple[str, ...] = ("ios", "android")
APP_VERSIONS: tuple[str, ...] = ("1.0.0", "1.2.3", "2.0.1", "3.14.0", "10.4.2")

NAME_ALPHABET = string.ascii_letters + string.digits + " -_"
ATTRIBUTE_ALPHABET = string.ascii_letters + string.digits + "_"
HEX = "0123456789abcdef"
C1_CONTROLS = "".join(map(chr, range(0x7F, 0xA0)))  # DEL and the C1 control characters
TOKEN_ALPHABET = string.ascii_letters + string.digits + "-_"
IAM_NAME_ALPHABET = string.ascii_letters + string.digits + "+=,.@_-"
BUCKET_ALPHABET = string.ascii_lowercase + string.digits + "-"

_FORMATS = FormatChecker()

#: The range moments are drawn from: fixed (so a seed fixes them) and in the future (a real
#: service refuses campaign schedules that start in the past).
EARLIEST = datetime(2030, 1, 1)
LATEST = datetime(2039, 12, 31, 23, 59, 59)


# ---------------------------------------------------------------------- drawing helpers
#: The coin for members of fixed value and for offsets: built once, not looked up per draw.
BOOLEANS: st.SearchStrategy[bool] = st.booleans()


def cached(factory: F) -> F:
    """Build a strategy once per distinct (hashable) arguments, as hypothesis does for its
    own: a strategy is immutable, and reusing one saves validating it on every draw."""
    return functools.cache(factory)  # type: ignore[return-value]


def put(
    draw: Draw,
    body: dict[str, Any],
    schema_name: str,
    member: str,
    strategy: st.SearchStrategy[Any],
) -> None:
    """Set `body[member]`: always when the contract requires it, else maybe, drawn as
    `none() | strategy` so that shrinking drops the member together with all it drew."""
    if _spec.is_required(schema_name, member):
        body[member] = draw(strategy)
        return
    value = draw(_optional(strategy))
    if value is not None:
        body[member] = value


def put_value(draw: Draw, body: dict[str, Any], schema_name: str, member: str, value: Any) -> None:
    """Set `body[member] = value`: always when the contract requires it, else maybe."""
    if _spec.is_required(schema_name, member) or draw(BOOLEANS):
        body[member] = value


@functools.lru_cache(maxsize=1024)
def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def in_reading(
    strategy: st.SearchStrategy[dict[str, Any]], schema_name: str, reading: _spec.Reading
) -> st.SearchStrategy[dict[str, Any]]:
    """`strategy` as is for the reference's reading; renamed by `x-alias-of` for the service's."""
    if _spec.check_reading(reading) == "service":
        return strategy.map(lambda body: _spec.to_service_reading(body, schema_name))
    return strategy


@cached
def enum_values(schema_name: str, member: str) -> st.SearchStrategy[Any]:
    """The values of an enum member as the contract lists them: the reference's own list
    (`x-reference-enum`) where it keeps one, else `enum` (first value first)."""
    return st.sampled_from(_spec.values(schema_name, member))


def maybe(draw: Draw, strategy: st.SearchStrategy[T]) -> T | None:
    """A value or None (None first)."""
    return draw(_optional(strategy))  # type: ignore[no-any-return]


# ---------------------------------------------------------------------- moments
@cached
def utc_offsets() -> st.SearchStrategy[int]:
    """UTC offsets in minutes that places use (0 first)."""
    return st.sampled_from(UTC_OFFSETS)


@cached
def instants(
    min_value: datetime = EARLIEST, max_value: datetime = LATEST
) -> st.SearchStrategy[datetime]:
    """Aware UTC datetimes, whole milliseconds (what the service writes), in a fixed range."""
    return st.datetimes(min_value=min_value, max_value=max_value).map(
        lambda moment: moment.replace(
            microsecond=moment.microsecond - moment.microsecond % 1000, tzinfo=UTC
        )
    )


def render(moment: datetime, offset_minutes: int = 0, zulu: bool = True) -> str:
    """An instant as RFC 3339: `Z` (or `+00:00`) for UTC, else `+HH:MM`/`-HH:MM`."""
    local = moment.astimezone(timezone(timedelta(minutes=offset_minutes)))
    spec = "milliseconds" if local.microsecond else "seconds"
    text = local.replace(tzinfo=None).isoformat(timespec=spec)
    if offset_minutes == 0 and zulu:
        return text + "Z"
    sign = "-" if offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"


def draw_rendered(draw: Draw, moment: datetime) -> str:
    """`moment` written with a drawn offset (`Z` first, then `+00:00`, then others)."""
    offset = draw(utc_offsets())
    zulu = not draw(BOOLEANS)
    return render(moment, offset, zulu)


@st.composite
def _date_times(draw: Draw, min_value: datetime, max_value: datetime) -> str:
    return draw_rendered(draw, draw(instants(min_value, max_value)))


@cached
def date_times(
    min_value: datetime = EARLIEST, max_value: datetime = LATEST
) -> st.SearchStrategy[str]:
    """RFC 3339 date-times (ISO 8601 with `Z` or `+HH:MM`), the contract's `date-time`."""
    return _date_times(min_value, max_value)


def parse(text: Any) -> datetime | None:
    """An RFC 3339 date-time (what the contract's `date-time` format accepts) as an aware
    datetime; None for anything else (Python alone would also read ISO 8601 basic form)."""
    if not isinstance(text, str) or not _FORMATS.conforms(text, "date-time"):
        return None
    try:
        return datetime.fromisoformat(text.upper())
    except ValueError:
        return None  # a leap second (23:59:60): valid RFC 3339, not a Python datetime


@cached
def durations(max_days: int = 366) -> st.SearchStrategy[timedelta]:
    """Positive whole-second durations, at least one second."""
    return st.integers(min_value=1, max_value=max_days * 86400).map(
        lambda seconds: timedelta(seconds=seconds)
    )


@cached
def times_of_day() -> st.SearchStrategy[str]:
    """24-hour HH:MM times of day, from the contract's TimeOfDay pattern (ERRATA E14)."""
    return st.from_regex(_spec.pattern("TimeOfDay"), fullmatch=True)


# ---------------------------------------------------------------------- ids and names
@cached
def hex_ids(size: int = 32) -> st.SearchStrategy[str]:
    """Server-style ids: lower-case hex (Pinpoint's application, campaign, segment ids)."""
    return st.text(alphabet=HEX, min_size=size, max_size=size)


@cached
def guids() -> st.SearchStrategy[str]:
    """GUID strings, what the reference advises for endpoint ids."""
    return st.uuids().map(str)


@cached
def names(max_size: int = 24) -> st.SearchStrategy[str]:
    """Short ASCII display names (letters, digits, space, `-`, `_`), never blank."""
    return st.text(alphabet=NAME_ALPHABET, min_size=1, max_size=max_size).filter(
        lambda name: name.strip() != ""
    )


@cached
def attribute_names() -> st.SearchStrategy[str]:
    """Custom attribute and metric names: a letter, then letters, digits, `_`."""
    return st.builds(
        lambda head, tail: head + tail,
        st.sampled_from(string.ascii_letters),
        st.text(alphabet=ATTRIBUTE_ALPHABET, max_size=15),
    )


@cached
def texts(max_size: int, min_size: int = 0) -> st.SearchStrategy[str]:
    """Human text (ASCII and Latin letters, no control characters), at most `max_size`."""
    return st.text(
        alphabet=st.characters(
            min_codepoint=0x20, max_codepoint=0x24F, exclude_characters=C1_CONTROLS
        ),
        min_size=min_size,
        max_size=max_size,
    )


@cached
def account_ids() -> st.SearchStrategy[str]:
    """Twelve-digit AWS account ids."""
    return st.integers(min_value=0, max_value=10**12 - 1).map(lambda n: f"{n:012d}")


@cached
def iam_names(max_size: int = 32) -> st.SearchStrategy[str]:
    """IAM role names: letters, digits and `+=,.@_-`."""
    return st.text(alphabet=IAM_NAME_ALPHABET, min_size=1, max_size=max_size)


def role_arns(account: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[str]:
    """IAM role ARNs that look real: `arn:aws:iam::123456789012:role/path/name`."""
    return _role_arns(account) if account is not None else _any_role_arns()


@cached
def _any_role_arns() -> st.SearchStrategy[str]:
    return _role_arns(account_ids())


def _role_arns(account: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda partition, acct, path, name: f"arn:{partition}:iam::{acct}:role/{path}{name}",
        st.sampled_from(PARTITIONS),
        account,
        st.sampled_from(("", "service-role/", "pinpoint/")),
        iam_names(),
    )


def stream_arns(account: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[str]:
    """Kinesis stream and Firehose delivery stream ARNs that look real."""
    return _stream_arns(account) if account is not None else _any_stream_arns()


@cached
def _any_stream_arns() -> st.SearchStrategy[str]:
    return _stream_arns(account_ids())


def _stream_arns(account: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    kinds = st.sampled_from((("kinesis", "stream"), ("firehose", "deliverystream")))
    return st.builds(
        lambda kind, partition, region, acct, name: (
            f"arn:{partition}:{kind[0]}:{region}:{acct}:{kind[1]}/{name}"
        ),
        kinds,
        st.sampled_from(PARTITIONS),
        st.sampled_from(REGIONS),
        account,
        st.text(alphabet=ATTRIBUTE_ALPHABET + "-.", min_size=1, max_size=32),
    )


@st.composite
def _bucket(draw: Draw) -> str:
    head = draw(st.sampled_from(string.ascii_lowercase + string.digits))
    middle = draw(st.text(alphabet=BUCKET_ALPHABET, min_size=1, max_size=20))
    tail = draw(st.sampled_from(string.ascii_lowercase + string.digits))
    return f"{head}{middle}{tail}"


@cached
def bucket_names() -> st.SearchStrategy[str]:
    """S3 bucket names: 3 to 22 lower-case letters, digits and hyphens, no hyphen at the ends."""
    return _bucket()


@cached
def s3_urls(extension: str = "") -> st.SearchStrategy[str]:
    """`s3://bucket/folder/file` URLs, the file ending in `extension` (e.g. `.csv`)."""
    folder = st.text(alphabet=ATTRIBUTE_ALPHABET + "-", min_size=1, max_size=12)
    return st.builds(
        lambda bucket, folders, file: "/".join(["s3://" + bucket, *folders, file + extension]),
        bucket_names(),
        st.lists(folder, max_size=2),
        st.text(alphabet=ATTRIBUTE_ALPHABET + "-", min_size=1, max_size=16),
    )


@cached
def https_urls(suffix: str = "") -> st.SearchStrategy[str]:
    """`https://host/path` URLs."""
    return st.builds(
        lambda host, tld, path: f"https://{host}.{tld}/{path}{suffix}",
        st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=12),
        st.sampled_from(("com", "org", "net", "io", "co.uk")),
        st.text(alphabet=ATTRIBUTE_ALPHABET + "-", max_size=16),
    )


@cached
def pem(label: str) -> st.SearchStrategy[str]:
    """A PEM block (`-----BEGIN <label>-----`), base64 of random bytes at 64 columns."""
    return st.binary(min_size=48, max_size=240).map(
        lambda raw: "\n".join(
            [
                f"-----BEGIN {label}-----",
                *textwrap.wrap(base64.b64encode(raw).decode("ascii"), 64),
                f"-----END {label}-----",
            ]
        )
    )


# ---------------------------------------------------------------------- places and people
@cached
def country_codes() -> st.SearchStrategy[str]:
    """ISO 3166-1 alpha-2 country codes (curated; the contract's pattern holds for each)."""
    return st.sampled_from(COUNTRY_CODES)


@cached
def places() -> st.SearchStrategy[tuple[str, str, str, str, float, float]]:
    """Real places: (City, Region, Country, PostalCode, Latitude, Longitude)."""
    return st.sampled_from(PLACES)


@cached
def devices() -> st.SearchStrategy[tuple[str, str, str, str, str]]:
    """Real devices: (Make, Model, ModelVersion, Platform, PlatformVersion)."""
    return st.sampled_from(DEVICES)


@cached
def app_versions() -> st.SearchStrategy[str]:
    """App version strings such as 1.2.3 (curated)."""
    return st.sampled_from(APP_VERSIONS)


@cached
def locales() -> st.SearchStrategy[str]:
    """language_COUNTRY locales such as en_US (curated)."""
    return st.sampled_from(LOCALES)


@cached
def tz_names() -> st.SearchStrategy[str]:
    """tz database names such as America/Los_Angeles (curated)."""
    return st.sampled_from(TZ_NAMES)
