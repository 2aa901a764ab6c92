"""Extract an inventory of operations and attribute tables from the Pinpoint REST API reference.

The reference is the 2017 Amazon Pinpoint REST API reference converted from PDF to a
markdown-ish text file. This script reads it and writes a JSON inventory that tests can
compare the OpenAPI document against:

* ``operations``: one entry per HTTP method documented under a resource section that has
  a ``URI`` heading, with the URI exactly as printed (typos included);
* ``tables``: every attribute table (header ``Parameter<TAB>Description<TAB>Data Type``),
  with page-break continuations merged, and one entry per member.

Usage: python tools/extract_inventory.py [--reference PATH] [--out PATH]
"""

import argparse
import hashlib
import json
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = REPO_ROOT.parent / "shared" / "reference" / "pinpoint-rest-api-reference.txt"
DEFAULT_OUT = REPO_ROOT / "tests" / "data" / "reference_inventory.json"

DESCRIPTION = "Write tests/data/reference_inventory.json from the Pinpoint REST API reference."
EXPECTED_OPERATIONS = 33

HTTP_METHODS = frozenset({"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"})
# Headings that appear inside every resource section. They are also TOC entries (the
# Settings resource lists them as its children), so they must not start a new section.
STRUCTURAL_HEADINGS = frozenset({"URI", "Request Headers", "HTTP Methods", "Topics"})
ATTRIBUTE_TABLE_HEADER = "Parameter\tDescription\tData Type"
PRIMITIVE_TYPES = frozenset({"string", "integer", "boolean", "number"})

TOC_ENTRY_RE = re.compile(r"^(?P<title>\S.*?) \.{3,}\t(?P<page>\d+)$")
HEADING_RE = re.compile(r"^#{1,6}\s+(?P<text>.*?)\s*$")
CODE_FENCE = "```"
TAG_RE = re.compile(r"<[^>]*>")
# Block-level tags and bullet characters separate paragraphs/list items.
BLOCK_RE = re.compile(r"</?(?:ul|ol|li|p|br)\b[^>]*>|•")
PAGE_REF_RE = re.compile(r"\s*\(p\.\s*\d+\)")
OPTIONAL_RE = re.compile(r"^\s*<i>Optional\.?</i>")
IDENTIFIER_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
ARRAY_RE = re.compile(r"^Array\[\s*(?P<item>.*?)\s*\]$")
VALID_VALUES_RE = re.compile(r"Valid values:\s*(?P<values>.*)")
# Prose enumerations, applied to the tag-free description.
EITHER_OR_RE = re.compile(r"\bCan be either (?P<first>\w+) or (?P<second>\w+)\b")
WILL_BE_RE = re.compile(r"\b[Ww]ill be (?P<value>\w+)\s*\.")
BULLET_ITEM_RE = re.compile(r"^(?P<value>[A-Z][A-Z0-9_]+)\s+[\u2013\u2014-]\s")  # en/em dash


class InventoryError(Exception):
    """The reference did not have the structure this script expects."""


@dataclass
class Operation:
    method: str
    uri: str
    section: str
    page: int | None


@dataclass
class Member:
    name: str
    type: str
    optional: bool
    valid_values: list[str]
    valid_values_form: str
    raw_type: str


@dataclass
class Table:
    name: str
    section: str
    page: int | None
    members: list[Member] = field(default_factory=list)


@dataclass
class RawRow:
    """A member row before normalisation; ``description`` accumulates continuation rows."""

    name: str
    description: str
    data_type: str


def heading_text(line: str) -> str | None:
    """Return the text of a markdown heading (bold markers removed), or None."""
    match = HEADING_RE.match(line)
    if match is None:
        return None
    return match.group("text").replace("**", "").strip()


def strip_html(text: str) -> str:
    """Remove HTML tags and collapse whitespace."""
    return " ".join(TAG_RE.sub("", text).split())


def paragraphs(description: str) -> list[str]:
    """Split a description into paragraphs / list items, HTML removed.

    The PDF conversion renders paragraph breaks as two or more spaces; HTML lists use
    ``<li>`` and sometimes a literal bullet character.
    """
    text = TAG_RE.sub("", BLOCK_RE.sub("\n", description))
    parts = re.split(r"\n|\s{2,}", text)
    return [" ".join(part.split()) for part in parts if part.strip()]


def parse_toc(lines: list[str]) -> dict[str, int]:
    toc: dict[str, int] = {}
    for line in lines:
        match = TOC_ENTRY_RE.match(line)
        if match:
            toc.setdefault(match.group("title"), int(match.group("page")))
    if not toc:
        raise InventoryError("no table of contents found")
    return toc


def link_pages(text: str, name: str) -> set[int]:
    """Pages given by ``(p. N)`` links that point at ``name`` anywhere in the text."""
    pattern = re.compile(rf"\b{re.escape(name)}(?:</a>)?\s*\\?\(p\.\s*(\d+)\\?\)")
    return {int(page) for page in pattern.findall(text)}


def read_uri(lines: list[str], index: int) -> str:
    """Read the URI printed after the ``URI`` heading at ``index``.

    Usually it is in a code block; once (Segment Versions List) it is a plain line with
    markdown italics around the path parameters.
    """
    following = (line.strip() for line in lines[index + 1 :])
    first = next((line for line in following if line), "")
    if first == CODE_FENCE:
        first = next(following, "")
    uri = first.replace("*", "")
    if not uri.startswith("/"):
        raise InventoryError(f"line {index + 1}: URI heading not followed by a URI: {first!r}")
    return uri


def normalise_type(cell: str) -> str:
    """Map a Data Type cell to string/integer/.../array<X>/ref<X>/object<X>, or ""."""
    raw = strip_html(cell)
    if not raw:
        return ""
    array = ARRAY_RE.match(raw)
    inner = PAGE_REF_RE.sub("", array.group("item") if array else raw).strip()
    if not IDENTIFIER_RE.match(inner):
        raise InventoryError(f"unrecognised data type {cell!r}")
    if array:
        return f"array<{inner}>"
    if inner in PRIMITIVE_TYPES:
        return inner
    return f"ref<{inner}>" if "<a " in cell else f"object<{inner}>"


def valid_values(description: str) -> tuple[list[str], str]:
    """Return (values, form) where form is "list", "prose" or "none"."""
    paras = paragraphs(description)
    for para in paras:
        match = VALID_VALUES_RE.search(para)
        if match:
            values = [value.strip().rstrip(".").strip() for value in match["values"].split(",")]
            return [value for value in values if value], "list"

    text = " ".join(paras)
    prose: list[str] = []
    for match in EITHER_OR_RE.finditer(text):
        prose += [match["first"], match["second"]]
    prose += [match["value"] for match in WILL_BE_RE.finditer(text)]
    bullets = [match["value"] for para in paras if (match := BULLET_ITEM_RE.match(para))]
    if len(bullets) >= 2:  # a single "X - ..." is not an enumeration
        prose += bullets
    if prose:
        return list(dict.fromkeys(prose)), "prose"
    return [], "none"


def build_member(row: RawRow) -> Member:
    values, form = valid_values(row.description)
    return Member(
        name=row.name,
        type=normalise_type(row.data_type),
        optional=bool(OPTIONAL_RE.match(row.description)),
        valid_values=values,
        valid_values_form=form,
        raw_type=strip_html(row.data_type),
    )


def parse(text: str) -> tuple[list[Operation], list[Table]]:
    lines = text.splitlines()
    toc = parse_toc(lines)

    operations: list[Operation] = []
    tables: list[tuple[Table, list[RawRow]]] = []

    section: str | None = None  # current resource/attributes section title
    attributes_section: str | None = None  # current "... Attributes" section title
    resource: tuple[str, str] | None = None  # (section, uri) while inside a resource
    last_heading: str | None = None  # heading with nothing but blank lines after it
    rows: list[RawRow] | None = None  # rows of the open attribute table
    in_code = False

    for index, line in enumerate(lines):
        lineno = index + 1
        if line.strip().startswith(CODE_FENCE):
            in_code = not in_code
            last_heading = None
            rows = None
            continue
        if in_code or not line.strip():
            continue

        title = heading_text(line)
        if title is not None:
            rows = None
            last_heading = title
            is_section = title.endswith(" Attributes") or (
                title in toc and title not in STRUCTURAL_HEADINGS
            )
            if is_section:
                section, resource = title, None
                attributes_section = title if title.endswith(" Attributes") else None
            elif title == "URI":
                if section is None:
                    raise InventoryError(f"line {lineno}: URI heading outside any section")
                resource = (section, read_uri(lines, index))
            elif title in HTTP_METHODS and resource is not None:
                name, uri = resource
                operations.append(Operation(title, uri, name, toc.get(name)))
            continue

        if line == ATTRIBUTE_TABLE_HEADER:
            if last_heading is not None:  # a new table, named by the heading above it
                if attributes_section is None:
                    raise InventoryError(f"line {lineno}: table outside an Attributes section")
                page = toc.get(attributes_section)
                if page is None:
                    pages = link_pages(text, last_heading)
                    page = pages.pop() if len(pages) == 1 else None
                rows = []
                tables.append((Table(last_heading, attributes_section, page), rows))
            elif rows is None:
                raise InventoryError(f"line {lineno}: table header without a table name")
            # else: the header row repeated after a page break; keep appending to `rows`
            last_heading = None
            continue

        last_heading = None
        if rows is None:
            continue
        cells = line.split("\t")
        if len(cells) != 3:
            rows = None  # prose after the table ends it
            continue
        name, description, data_type = (cell.strip() for cell in cells)
        if name:
            rows.append(RawRow(name, description, data_type))
        elif not rows:
            raise InventoryError(f"line {lineno}: continuation row before any member")
        else:
            previous = rows[-1]
            previous.description = f"{previous.description} {description}".strip()
            if data_type:
                if previous.data_type:
                    raise InventoryError(f"line {lineno}: two data types for {previous.name}")
                previous.data_type = data_type

    return operations, [finish_table(table, raw) for table, raw in tables]


def finish_table(table: Table, rows: list[RawRow]) -> Table:
    if not rows:
        raise InventoryError(f"table {table.name} has no members")
    table.members = [build_member(row) for row in rows]
    return table


def check(operations: list[Operation], tables: list[Table]) -> None:
    if len(operations) != EXPECTED_OPERATIONS:
        found = ", ".join(f"{op.method} {op.uri}" for op in operations)
        raise InventoryError(
            f"expected {EXPECTED_OPERATIONS} operations, found {len(operations)}: {found}"
        )
    names = {table.name for table in tables}
    for table in tables:
        for member in table.members:
            target = re.fullmatch(r"(?:ref|array)<(\w+)>", member.type)
            if target and target[1] not in PRIMITIVE_TYPES and target[1] not in names:
                raise InventoryError(
                    f"{table.name}.{member.name} refers to unknown table {target[1]}"
                )


def reference_and_out(description: str, default_out: Path,
                      argv: list[str] | None) -> tuple[str, Path]:
    """The options of a tool that reads the reference and writes one file (`--reference`,
    `--out`): the reference's text and where to write; a missing reference is one line and
    exit 2."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--out", type=Path, default=default_out)
    args = parser.parse_args(argv)
    if not args.reference.is_file():
        parser.exit(2, f"reference not found: {args.reference}\n")
    return args.reference.read_text(encoding="utf-8"), args.out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=DESCRIPTION)
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    reference: Path = args.reference
    if not reference.is_file():
        print(f"error: reference file not found: {reference}", file=sys.stderr)
        return 2
    data = reference.read_bytes()

    try:
        operations, tables = parse(data.decode("utf-8"))
        check(operations, tables)
    except InventoryError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    inventory = {
        "source": reference.name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "operations": [asdict(op) for op in operations],
        "tables": [asdict(table) for table in tables],
    }
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(inventory, indent=2, sort_keys=True) + "\n", encoding="utf-8")

    members = [member for table in tables for member in table.members]
    with_values = [member for member in members if member.valid_values]
    prose = sum(member.valid_values_form == "prose" for member in with_values)
    print(
        f"{out}: {len(operations)} operations, {len(tables)} tables, {len(members)} members, "
        f"{len(with_values)} members with valid values "
        f"({len(with_values) - prose} list, {prose} prose)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
