"""Checking the target's answers against the contract (used by every test in this folder)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from pinpoint_conformance.contract import HAL_JSON, JSON, Contract
from pinpoint_conformance.reference_target._errors import ApiError
from pinpoint_conformance.reference_target._routing import Router, request_path


class ContractViolation(AssertionError):
    pass


class AnswerChecker:
    """Checks one answer against the contract: documented status, negotiated media type,
    `x-amzn-ErrorType` on errors, and the body against the schema for (operation, status,
    media type). Answers to paths or methods the contract lacks must be MessageBody errors."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        self.router = Router(contract)
        self.checked = 0

    def check(self, method: str, url: str, status: int, headers: Any, body: bytes) -> None:
        media = (headers.get("Content-Type") or "").split(";")[0].strip()
        if media not in (JSON, HAL_JSON):
            raise ContractViolation(f"{method} {url}: Content-Type {media!r}")
        if method == "HEAD":  # no body, by HTTP
            self.checked += 1
            return
        try:
            document = json.loads(body)
        except ValueError as exc:
            raise ContractViolation(f"{method} {url}: body is not JSON: {exc}") from None
        try:
            operation_id: str | None = self.router.match(
                method, request_path(urlsplit(url).path)
            ).operation.operation_id
        except ApiError:
            operation_id = None
        if operation_id is None:
            ref: str | None = "#/components/schemas/MessageBody"
        else:
            if str(status) not in self.contract.operation(operation_id).responses:
                raise ContractViolation(f"{method} {url}: status {status} not documented")
            ref = self.contract.response_schema_ref(operation_id, status, media)
            if ref is None:
                raise ContractViolation(f"{method} {url}: no schema for {status} {media}")
        if status >= 400 and not headers.get("x-amzn-ErrorType"):
            raise ContractViolation(f"{method} {url}: error {status} without x-amzn-ErrorType")
        errors = sorted(self.contract.validator(ref).iter_errors(document), key=str)
        if errors:
            raise ContractViolation(
                f"{method} {url} -> {status} {media} does not match {ref}: "
                f"{errors[0].json_path}: {errors[0].message}"
            )
        self.checked += 1
