"""Recording a run against a target that answers a huge body: the recording reads no more than
the size cap (and one byte past it), so neither it nor its replay holds the body in memory,
and both judge it as a run that does not record does (STATUS-005, the same message)."""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import urlsplit

from pinpoint_conformance.cassette import CASSETTE_FILE, ExactJSON
from pinpoint_conformance.transport import MAX_ANSWER_BYTES
from tests.hostile.runner import CliRun, run_cli
from tests.hostile.servers import Misbehaving, huge_list, serving

BODY_MB = 150
RUN = ("--profile", "quick", "--seed", "1", "-k", "segment_lifecycle")


def _status_005(run: CliRun) -> list[tuple[str, str]]:
    return sorted((f["operation_id"], f["message"]) for f in run.found("STATUS-005"))


def test_a_huge_answer_is_recorded_cut_at_the_cap(tmp_path: Path) -> None:
    target = Misbehaving(huge_list(BODY_MB * 1024 * 1024, operation="GetSegments"))
    with serving(target) as url:
        live = run_cli("--target", url, *RUN)
        recording = run_cli("--target", url, *RUN, "--record", str(tmp_path / "cassette"))
    replayed = run_cli("--replay", str(tmp_path / "cassette"))
    for run in (live, recording, replayed):
        assert run.returncode == 1, run.summary()
        assert run.peak_rss_mb < BODY_MB, run.summary()  # the body alone is larger
    assert _status_005(live) and _status_005(recording) == _status_005(live)
    assert _status_005(replayed) == _status_005(live)
    kept = ExactJSON.deserialize(gzip.decompress(
        (tmp_path / "cassette" / CASSETTE_FILE).read_bytes()).decode("utf-8"))["interactions"]
    sizes = [len(i["response"]["body"]["string"]) for i in kept
             if i["request"]["method"] == "GET"
             and urlsplit(i["request"]["uri"]).path.endswith("/segments")]
    assert sizes and max(sizes) == MAX_ANSWER_BYTES + 1
