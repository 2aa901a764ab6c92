"""No cassette in the repository holds a secret: access-key ids, 40-character secret access
keys, PEM blocks, or an Authorization header that is not a placeholder; nor do the generated
values kept beside it (`generated.json.gz`: request bodies and parameters a replay sends)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from pinpoint_conformance.cassette import ExactJSON
from pinpoint_conformance.generated import GENERATED_FILE

ROOT = Path(__file__).resolve().parents[2]
ACCESS_KEY_ID = re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])")
SECRET_KEY = re.compile(r"(?i:secret|password|private|credential)[^\n,;{}]{0,40}?"
                        r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")
PEM = re.compile(r"-----BEGIN [A-Z0-9 ]+-----")


def cassette_files() -> list[Path]:
    """Every cassette of the repository, wherever it is (not only cassettes/)."""
    skip = {".git", ".venv", "node_modules"}
    return sorted(p for p in ROOT.rglob("cassette.json.gz")
                  if not skip.intersection(p.relative_to(ROOT).parts))


def secrets_in(interactions: list[dict]) -> list[str]:
    """What looks like a secret in a cassette's interactions (decoded, so JSON escapes hide
    nothing)."""
    found: list[str] = []
    for number, interaction in enumerate(interactions):
        for side in ("request", "response"):
            part = interaction[side]
            headers = part.get("headers") or {}
            for name, values in headers.items():
                for value in values if isinstance(values, list) else [values]:
                    if name.lower() == "authorization" and not str(value).startswith(
                            "REDACTED-"):
                        found.append(f"#{number} {side}: an Authorization header in clear")
            body = part.get("body")
            body = body.get("string") if isinstance(body, dict) else body
            if isinstance(body, bytes):
                body = body.decode("utf-8", "replace")
            text = " ".join([str(part.get("uri", "")), json.dumps(headers),
                             _decoded(body or "")])
            for label, pattern in (("access-key id", ACCESS_KEY_ID),
                                   ("secret access key", SECRET_KEY), ("PEM block", PEM)):
                if pattern.search(text):
                    found.append(f"#{number} {side}: a {label}")
    return found


def _decoded(body: str) -> str:
    """A JSON body with its escapes resolved (a secret may hide behind \\u escapes)."""
    try:
        return json.dumps(json.loads(body), ensure_ascii=False)
    except ValueError:
        return body


def generated_files() -> list[Path]:
    return sorted(p.parent / GENERATED_FILE for p in cassette_files())


def secrets_in_generated(values: object) -> list[str]:
    """What looks like a secret among generated values (decoded: escapes hide nothing)."""
    text = json.dumps(values, ensure_ascii=False)
    return [label for label, pattern in (("access-key id", ACCESS_KEY_ID),
                                         ("secret access key", SECRET_KEY), ("PEM block", PEM))
            if pattern.search(text)]


def _interactions(path: Path) -> list[dict]:
    return ExactJSON.deserialize(gzip.decompress(path.read_bytes()).decode())["interactions"]


def test_the_repository_ships_cassettes() -> None:
    names = {p.parent.name for p in cassette_files()}
    assert {"reference", "moto"} <= names


@pytest.mark.parametrize("path", cassette_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_cassette_holds_a_secret(path: Path) -> None:
    found = secrets_in(_interactions(path))
    assert not found, f"{path}: " + "; ".join(found[:10])


@pytest.mark.parametrize("path", generated_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_generated_values_hold_a_secret(path: Path) -> None:
    values = ExactJSON.deserialize(gzip.decompress(path.read_bytes()).decode())
    assert set(values) == {"draws", "fuzz"} and values["draws"] and values["fuzz"]
    found = secrets_in_generated(values)
    assert not found, f"{path}: " + "; ".join(found)


def test_the_scan_of_generated_values_finds_planted_secrets() -> None:
    planted = {"draws": {"t": [{"kind": "property", "values": [
        {"Certificate": "-----BEGIN CERTIFICATE-----\nMIIB", "Name": "AKIAIOSFODNN7EXAMPLE",
         "Note": "secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}]}]}}
    assert secrets_in_generated(planted) == ["access-key id", "secret access key", "PEM block"]


def test_the_scan_finds_planted_secrets() -> None:
    planted = [{"request": {"uri": "http://h/v1/apps", "headers": {
                   "Authorization": ["AWS4-HMAC-SHA256 Credential=x"]},
                   "body": '{"Certificate": "-----BEGIN CERTIFICATE-----"}'},
                "response": {"headers": {}, "body": {"string": '{"k": "AKIAIOSFODNN7EXAMPLE",'
                             ' "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}'}}}]
    found = " ".join(secrets_in(planted))
    for what in ("Authorization", "access-key id", "secret access key", "PEM block"):
        assert what in found
