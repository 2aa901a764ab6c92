"""Undo what a target accepted although it had to refuse it, at once.

A faulty target that accepts an invalid body creates or changes something; left in the
run's application, it would show in every later list and read and fail checks there that
have nothing to do with it (issue 9: one root cause, one finding). The contract's links say
how to delete what a create made.
"""

from __future__ import annotations

from pinpoint_conformance.checks.errors import path_parameters
from pinpoint_conformance.contract import Contract
from pinpoint_conformance.probe import Answer, Probe


def deleter(contract: Contract, operation_id: str) -> tuple[str, dict[str, str]] | None:
    """How to delete what an operation made, from the contract's links (a create's link to
    its Delete operation), else the DELETE operation of the same path."""
    op = contract.operation(operation_id)
    if op.method in ("GET", "HEAD"):
        return None  # a read makes nothing (and a read-only run sends nothing else)
    response = op.responses.get(str(op.success_status), {})
    for link in (response.get("links") or {}).values():
        if str(link.get("operationId", "")).startswith("Delete"):
            return str(link["operationId"]), dict(link.get("parameters", {}))
    for other in contract.iter_operations():
        if other.path == op.path and other.method == "DELETE":
            names = path_parameters(contract, other.operation_id)
            return other.operation_id, {name: f"$request.path.{name}" for name in names}
    return None


def undo_if_made(probe: Probe, operation_id: str, params: dict[str, str],
                 answer: Answer) -> None:
    """A request that had to be refused was accepted: delete what it made in the run's
    application now (so that later checks find the application as they expect), or at the end
    of the run if that fails. Under an application that does not exist nothing of the run's
    can have been touched."""
    if answer.status is None or not 200 <= answer.status < 300:
        return
    if params.get("application-id", probe.app_id) != probe.app_id:
        return
    found = deleter(probe.contract, operation_id)
    if found is None:
        return
    delete, expressions = found
    body = answer.body if isinstance(answer.body, dict) else {}
    values = {"application-id": probe.app_id}
    for name, expression in expressions.items():
        if expression.startswith("$request.path."):
            values[name] = params.get(expression[len("$request.path."):], "")
        elif expression.startswith("$response.body#/"):
            values[name] = body.get(expression[len("$response.body#/"):])
    if not all(isinstance(v, str) and v for v in values.values()):
        return
    done = probe.client.call(delete, values)
    if done.status is None or not (200 <= done.status < 300 or done.status == 404):
        probe.tracker.add(f"accepted {operation_id} {values}", delete, values)
