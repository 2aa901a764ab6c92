"""Requests that must be refused, and values that name nothing: shared by the ERR checks
(`test_errors`) and the read-only run (`test_read_only`)."""

from __future__ import annotations

import hashlib
from typing import Any

from pinpoint_conformance.checks.catalogue import Check
from pinpoint_conformance.checks.errors import ERR_TYPE_HEADER, error_type_problem
from pinpoint_conformance.checks.exchange import Expectation
from pinpoint_conformance.probe import Answer, Probe
from pinpoint_conformance.provenance import Provenance
from pinpoint_conformance.suite._undo import undo_if_made


def unknown(parameter: str, seed: int) -> str:
    """A value of a path parameter that names nothing (well formed for the parameter)."""
    if parameter == "version":
        return "999999"
    digest = hashlib.sha256(f"pinpoint-conformance-{seed}-unknown-{parameter}".encode())
    return digest.hexdigest()[:32]


def check_error_type(probe: Probe, operation_id: str, answer: Answer, status: int) -> None:
    """ERR-007 (SHOULD) on an error answer of the expected status."""
    if answer.status != status:
        return
    problem = error_type_problem(probe.contract, operation_id, status,
                                 answer.exchange.response_headers)
    probe.verify(problem is None, ERR_TYPE_HEADER, operation_id,
                 "the error type is not named in x-amzn-ErrorType", "x-amzn-ErrorType",
                 problem, answer.exchange)


def refused(probe: Probe, operation_id: str, params: dict[str, str], status: int,
            check: Check, message: str, detail: str = "",
            provenance: Provenance | None = None, **options: Any) -> None:
    """Send a request that must be refused with `status`; judge and clean up. `detail` (what
    was broken where) goes to the finding's actual value, not its message: the same fault
    on several members is one deviation.

    A check the reference states (ERR-002/003/004: a request it describes as invalid) asks
    only that the request is not carried out (no 2xx); the status and body of the refusal are
    the contract's decisions, judged as such (STATUS-002/003, SHAPE-003: SHOULD). A decided
    check (ERR-001/005) asks for `status` itself. `provenance`: the rule's, when narrower."""
    answer = probe.request(operation_id, params, **options, judge=False,
                           expect=Expectation("error", status))
    undo_if_made(probe, operation_id, params, answer)
    actual = f"{answer.status} ({detail})" if detail else answer.status
    accepted = answer.status is not None and 200 <= answer.status < 300
    cited = provenance or check.provenance
    if cited.kind == "stated":
        probe.verify(not accepted, check, operation_id, message, f"no 2xx (the contract: "
                     f"{status})", actual, answer.exchange, provenance)
        # how it was refused: the contract's decisions (a wrong status is STATUS-002's)
        probe.judge(answer.exchange, Expectation("error", status, status_check=not accepted))
    else:
        probe.verify(answer.status == status, check, operation_id, message, status, actual,
                     answer.exchange, provenance)
        probe.judge(answer.exchange, Expectation("error", status, status_check=False))
    check_error_type(probe, operation_id, answer, status)
