"""How the suite tells "the target lacks this operation" from "the target got it wrong".

An operation the target does not implement at all answers 501, or 405 to the method the
contract documents, or 404 with a body that is not a JSON object (a framework's HTML page):
a real NotFoundException carries a JSON MessageBody. Such operations are reported once as
UNSUPPORTED instead of as a cascade of failures.
"""

from __future__ import annotations

import json


def unimplemented_reason(status: int | None, body: bytes, documented_method: bool) -> str | None:
    """Why this answer says the operation is missing, or None when it does not."""
    if status == 501:
        return "the target answers 501 Not Implemented"
    if status == 405 and documented_method:
        return "the target answers 405 to a documented method"
    if status == 404 and not _is_json_object(body):
        return "the route answers 404 without a JSON body"
    return None


def _is_json_object(body: bytes) -> bool:
    try:
        return isinstance(json.loads(body.decode("utf-8")), dict)
    except (UnicodeDecodeError, ValueError):
        return False
