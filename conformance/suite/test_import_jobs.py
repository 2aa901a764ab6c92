"""Import jobs: created, read, listed for the app and for their segment (Import Jobs)."""

from __future__ import annotations

import pytest

from pinpoint_conformance.checks.resource import LIFE_LISTED, LIFE_SEGMENT_JOBS
from pinpoint_conformance.probe import Probe
from pinpoint_conformance.suite import bodies
from pinpoint_conformance.suite._flows import (
    check_application,
    check_read_back,
    check_reference_values,
    walk,
)


@pytest.mark.pinpoint(family="LIFE", operation="CreateImportJob")
@pytest.mark.usefixtures("own_app_only")  # import jobs cannot be deleted
def test_import_job_is_created_and_listed(probe: Probe, pinpoint_seed: int) -> None:
    segment = probe.succeed("CreateSegment", body=bodies.segment(f"pc-{pinpoint_seed}-import"))
    segment_id = str(segment.get("Id"))
    probe.tracker.add(f"segment {segment_id}", "DeleteSegment",
                      {"application-id": probe.app_id, "segment-id": segment_id})
    request = {"S3Url": f"s3://pinpoint-conformance/{pinpoint_seed}/endpoints.json",
               "RoleArn": "arn:aws:iam::123456789012:role/pinpoint-import",
               "Format": "JSON", "RegisterEndpoints": True, "DefineSegment": False,
               "SegmentId": segment_id}
    job = probe.succeed("CreateImportJob", body=request)
    job_id = str(job.get("Id"))
    check_read_back(probe, "CreateImportJob", {"Definition": request}, job)
    read = probe.succeed("GetImportJob", {"job-id": job_id})
    check_read_back(probe, "GetImportJob", {"Id": job_id, "Definition": request}, read)
    for answer, operation_id in ((job, "CreateImportJob"), (read, "GetImportJob")):
        check_application(probe, operation_id, answer)
        check_reference_values(probe, operation_id, answer)
    for operation_id, params in (("GetImportJobs", {}),
                                 ("GetSegmentImportJobs", {"segment-id": segment_id})):
        listed = [item.get("Id") for item in walk(probe, operation_id, params)]
        probe.verify(job_id in listed, LIFE_LISTED, operation_id, "the new job is not listed",
                     job_id, f"{len(listed)} items")


@pytest.mark.pinpoint(family="LIFE", operation="GetSegmentImportJobs")
@pytest.mark.usefixtures("own_app_only")
def test_a_segment_lists_only_its_own_import_jobs(probe: Probe, pinpoint_seed: int) -> None:
    jobs: dict[str, str] = {}
    for tag in ("one", "two"):
        segment = probe.succeed("CreateSegment",
                                body=bodies.segment(f"pc-{pinpoint_seed}-jobs-{tag}"))
        segment_id = str(segment.get("Id"))
        probe.tracker.add(f"segment {segment_id}", "DeleteSegment",
                          {"application-id": probe.app_id, "segment-id": segment_id})
        job = probe.succeed("CreateImportJob",
                            body=bodies.import_job(pinpoint_seed, segment_id, f"-{tag}"))
        jobs[segment_id] = str(job.get("Id"))
    for segment_id, job_id in jobs.items():
        items = walk(probe, "GetSegmentImportJobs", {"segment-id": segment_id})
        others = [item.get("Id") for item in items
                  if (item.get("Definition") or {}).get("SegmentId") != segment_id]
        listed = [item.get("Id") for item in items]
        probe.verify(job_id in listed and not others, LIFE_SEGMENT_JOBS, "GetSegmentImportJobs",
                     "the segment's job list is not its jobs", f"{job_id}, and no other",
                     f"listed {listed}; naming another segment {others}")
