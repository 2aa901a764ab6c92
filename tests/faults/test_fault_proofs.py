"""The proof of the catalogue: every check passes against the clean reference target and
fails against a target with the matching fault, as the run's JSON report shows. The whole
catalogue against the clean reference target gives no finding at any level, with --strict,
also inside an existing application (--app-id) whose lists already hold items. (One module,
so that the runs these tests share are made once, by one test worker.)"""

from __future__ import annotations

import pytest

from pinpoint_conformance.checks.document import load_all
from pinpoint_conformance.contract import load_contract
from pinpoint_conformance.findings import Level
from tests.faults.conftest import Runs
from tests.faults.faults import FAULTS, PROOF, PROVEN_BY_STATEFUL_TEST
from tests.faults.runner import Run

CHECKS = {check.check_id: check for check in load_all()}


def test_every_check_of_the_catalogue_has_a_fault_that_fails_it() -> None:
    registered = set(CHECKS)
    proven = set(PROOF) | set(PROVEN_BY_STATEFUL_TEST)
    assert proven == registered, (
        f"without a fault: {sorted(registered - proven)}; "
        f"not in the catalogue: {sorted(proven - registered)}"
    )
    for check_id, fault in {**PROOF, **PROVEN_BY_STATEFUL_TEST}.items():
        assert check_id in FAULTS[fault].catches, (check_id, fault)


def test_every_fault_names_checks_of_the_catalogue() -> None:
    for fault in FAULTS.values():
        assert fault.catches and set(fault.catches) <= set(CHECKS), fault.name
        assert fault.description and fault.select, fault.name


@pytest.mark.parametrize(
    "fault_name", sorted(set(FAULTS) - set(PROVEN_BY_STATEFUL_TEST.values())))
def test_the_fault_is_caught(fault_name: str, suite_runs: Runs) -> None:
    fault = FAULTS[fault_name]
    run = suite_runs[fault_name]
    assert run.report, run.summary()
    assert run.applied > 0, f"the fault never applied to what `-k {fault.select}` runs"
    if not fault.stops_tests:
        assert not [o for o in run.outcomes if o["status"] == "ERROR"], run.summary()
    for check_id in fault.catches:
        assert check_id in run.check_ids, run.summary()
        level = CHECKS[check_id].level
        if level is Level.MUST or (level is Level.INFO and fault.strict):
            assert run.failing_with(check_id), run.summary()
            assert run.returncode == 1, run.summary()
        else:  # a SHOULD warns: reported, and the run does not fail for it
            assert all(f["level"] == str(level) for f in run.findings
                       if f["check_id"] == check_id), run.summary()


@pytest.mark.parametrize("check_id", sorted(PROOF))
def test_the_check_passes_clean_and_fails_against_its_fault(
    check_id: str, clean_run: Run, suite_runs: Runs
) -> None:
    faulty = suite_runs[PROOF[check_id]]
    cells = faulty.cells(check_id)
    assert cells, faulty.summary()
    assert check_id not in clean_run.check_ids, clean_run.summary()
    for family, operation_id in sorted(cells):
        statuses = clean_run.cell_statuses(family, operation_id)
        assert "PASS" in statuses and not statuses & {"FAIL", "ERROR"}, (
            family, operation_id, statuses)


# ---------------------------------------------------------------------- the clean reference
FAMILIES = {"SHAPE", "STATUS", "CTYPE", "HAL", "PAGE", "VER", "LIFE", "ERR"}
# Endpoint updates answer a MessageBody (202), not a resource: no links (ERRATA E20).
ACCEPTED = {"UpdateEndpoint", "UpdateEndpointsBatch"}
# Version lists and instances are judged by VER, not by the life of a resource; an endpoint's
# read-back is judged on the operation that wrote it.
NOT_LIFE = {"GetCampaignVersions", "GetCampaignVersion", "GetSegmentVersions",
            "GetSegmentVersion"}


def test_the_reference_target_passes_every_check_strictly(clean_run: Run) -> None:
    assert clean_run.returncode == 0, clean_run.summary()
    assert clean_run.findings == [], clean_run.summary()
    statuses = clean_run.statuses()
    assert not statuses["FAIL"] and not statuses["ERROR"] and not statuses["UNSUPPORTED"]
    assert {o["family"] for o in clean_run.outcomes if o["status"] == "PASS"} >= FAMILIES


def test_every_operation_is_exercised(clean_run: Run) -> None:
    judged = {o["operation_id"] for o in clean_run.outcomes
              if o["family"] == "STATUS" and o["status"] == "PASS"}
    every = {op.operation_id for op in load_contract().iter_operations()}
    assert judged == every, sorted(every - judged)
    for family, exempt in (("HAL", ACCEPTED), ("ERR", set()), ("LIFE", NOT_LIFE)):
        cells = {o["operation_id"] for o in clean_run.outcomes
                 if o["family"] == family and o["status"] == "PASS"}
        assert cells == every - exempt, (family, sorted(every - exempt - cells))
    paged = {o["operation_id"] for o in clean_run.outcomes if o["family"] == "PAGE"}
    assert paged == {"GetApps", "GetCampaigns", "GetCampaignVersions", "GetCampaignActivities",
                     "GetSegments", "GetSegmentVersions", "GetImportJobs",
                     "GetSegmentImportJobs"}


def test_with_app_id_existing_items_are_tolerated(clean_app_id_run: Run) -> None:
    run = clean_app_id_run
    assert run.returncode == 0, run.summary()
    assert run.findings == [], run.summary()
    passed = {o["operation_id"] for o in run.outcomes
              if o["family"] == "PAGE" and o["status"] == "PASS"}
    assert {"GetApps", "GetSegments", "GetCampaigns", "GetSegmentVersions"} <= passed
    skipped = {o["test"] for o in run.outcomes if o["status"] == "SKIPPED"}
    assert any("GetImportJobs" in test for test in skipped), skipped
