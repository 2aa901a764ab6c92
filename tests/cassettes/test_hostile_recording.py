"""Recording a run against a hostile target. A huge body: the recording reads no more than
the size cap (and one byte past it), so neither it nor its replay holds the body in memory
(2 GB here),
and both judge it as a run that does not record does (STATUS-005, the same message). A
request that gets no answer: kept with the failure it met, which its replay meets again."""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import urlsplit

from pinpoint_conformance.cassette import CASSETTE_FILE, ExactJSON
from pinpoint_conformance.transport import MAX_ANSWER_BYTES
from pinpoint_conformance.verdicts import verdicts
from tests.hostile.runner import CliRun, run_cli
from tests.hostile.servers import Misbehaving, drip_list, huge_list, serving

BODY_MB = 2048  # sent only as far as it is read: the runs stop at the cap, the server with them
# a child's peak memory counts its parent's at the fork (a pytest worker that ran other tests):
# the bound leaves room for that, and is far below the body
MEMORY_BOUND_MB = 1024
RUN = ("--profile", "quick", "--seed", "1", "-k", "segment_lifecycle")


def _status_005(run: CliRun) -> list[tuple[str, str]]:
    return sorted((f["operation_id"], f["message"]) for f in run.found("STATUS-005"))


def test_a_huge_answer_is_recorded_cut_at_the_cap(tmp_path: Path) -> None:
    target = Misbehaving(huge_list(BODY_MB * 1024 * 1024, operation="GetSegments"))
    with serving(target) as url:
        live = run_cli("--target", url, *RUN)
        recording = run_cli("--target", url, *RUN, "--record", str(tmp_path / "cassette"))
    replayed = run_cli("--replay", str(tmp_path / "cassette"))
    for name, run in (("live", live), ("recording", recording), ("replay", replayed)):
        assert run.returncode == 1, f"{name}: {run.summary()}"
        assert run.peak_rss_mb < MEMORY_BOUND_MB, f"{name}: {run.summary()}"
    assert _status_005(live) and _status_005(recording) == _status_005(live)
    assert _status_005(replayed) == _status_005(live)
    kept = ExactJSON.deserialize(gzip.decompress(
        (tmp_path / "cassette" / CASSETTE_FILE).read_bytes()).decode("utf-8"))["interactions"]
    sizes = [len(i["response"]["body"]["string"]) for i in kept
             if i["request"]["method"] == "GET"
             and urlsplit(i["request"]["uri"]).path.endswith("/segments")]
    assert sizes and max(sizes) == MAX_ANSWER_BYTES + 1


def test_a_request_that_got_no_answer_is_recorded_and_replayed_as_such(tmp_path: Path) -> None:
    """A list that drips one byte every half second, with --timeout 2: the recording keeps the
    request's deadline (it ends like a run that does not record), keeps the request with the
    failure it met, and the replay meets the same failure (no request missing from it)."""
    run = (*RUN, "--timeout", "2")
    with serving(Misbehaving(drip_list(0.5, operation="GetSegments"))) as url:
        live = run_cli("--target", url, *run, timeout=120)
        recording = run_cli("--target", url, *run, "--record", str(tmp_path / "cassette"),
                            timeout=120)
    replayed = run_cli("--replay", str(tmp_path / "cassette"))
    assert live.found("STATUS-000"), live.summary()
    for name, each in (("recording", recording), ("replay", replayed)):
        assert each.returncode == live.returncode, f"{name}: {each.summary()}"
        assert verdicts(each.report) == verdicts(live.report), f"{name}: {each.summary()}"
    assert recording.wall_s < 60  # the deadline of each request held while recording
    kept = ExactJSON.deserialize(gzip.decompress(
        (tmp_path / "cassette" / CASSETTE_FILE).read_bytes()).decode("utf-8"))["interactions"]
    failures = [i["response"]["failure"] for i in kept if i["response"].get("failure")]
    assert failures == ["the target did not complete its answer within 2 s (--timeout)"]
