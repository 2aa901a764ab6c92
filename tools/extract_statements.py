"""Write the inventory of the reference's normative statements (spec/statements.yaml).

A statement is one sentence of the reference that says what a value must be or what a call
does, kept with its chapter, section, page and words (the words are verbatim on one line of
tests/data/reference_lines.json: tags removed, whitespace collapsed). Candidates:

* attribute tables: every sentence of a member's description that constrains its value or
  ties it to another member or call (valid values, formats, "required", "will be set to",
  dates of creation and update, versions, ids that name another resource, defaults, limits,
  "only present for", "used if", ...); a description that says only what a member is ("The
  custom name of the campaign") is no statement;
* HTTP methods: every "Use the ... method to ..." sentence (what the call does);
* request headers and query strings: what `accept`, `page-size` and `token` do, per section;
* chapter introductions: the sentences that say what a resource's calls do.

Ids are stable across re-extraction: the section's slug, then the table and member (for
attribute sentences) or the method, and a slug of the sentence's first words; never a line
number. The hand review is in this file too (REVIEW_DROPPED, KIND_FIXES), so re-running it
reproduces the reviewed data (tests/spec/test_tools.py).

Usage: python tools/extract_statements.py [--reference PATH] [--out PATH]
"""

from __future__ import annotations

import re
import sys

from extract_inventory import (
    ATTRIBUTE_TABLE_HEADER,
    CODE_FENCE,
    REPO_ROOT,
    InventoryError,
    heading_text,
    reference_and_out,
)
from extract_reference_lines import extract, normalise

from pinpoint_conformance.coverage import Statement

DEFAULT_OUT = REPO_ROOT / "spec" / "statements.yaml"

# The chapters: the resources the reference lists ("The Amazon Pinpoint REST API includes the
# following resources"); what comes before the first is the introduction.
INTRODUCTION = "Welcome"
RESOURCE_TOPIC = re.compile(r"^- \[(?P<title>[^\]]+)\]\(#\) \(p\. \d+\)$")

# What makes a sentence of an attribute description normative, in order: the first kind that
# matches names it.
KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("paging", re.compile(r"subsequent request to get the next page")),
    ("set-by-service", re.compile(r"[Ww]ill be set to|Amazon Pinpoint assigns|grouped into "
                                  r"cohorts|[Ww]ill have a status")),
    ("required", re.compile(r"\brequired\b")),
    ("valid-values", re.compile(r"Valid values|Can be either|^Will be \w+ ?\.|\u2013 |"
                                r"\bfollowing values\b|^The (?:segment|recency dimension) "
                                r"type:|^The type of dimension:")),
    ("date", re.compile(r"was created|last updated|last modified|[Tt]he last time|"
                        r"was marked|completed in|ISO 8601")),
    ("format", re.compile(r"ISO 3166|ISO 639|tz database|GUID|Amazon Resource Name|\bARN\b|"
                          r"URL that points|Rounded to|should follow this format|"
                          r"can be a folder or a single file")),
    ("limit", re.compile(r"up to \d+|[Mm]aximum|\d+ - \d+|percentage|only 1\b|\bat once\b|"
                         r"\b\d+ (?:characters|endpoints)\b")),
    ("relation", re.compile(r"Only present|Used if|Use if|if the value for|\bunless\b|"
                            r"only when|[Oo]verrides|to update an existing|\bdefault\b|"
                            r"[Dd]uring quiet time|sends no messages|does not send|"
                            r"assign your AWS account ID|selection criteria|included or excluded "
                            r"from the segment|You create this type of segment|Each piece is|"
                            r"Sets whether the endpoints|API key from Google")),
    ("version", re.compile(r"version number|[Tt]he version of (?:the segment|channel)|"
                           r"latest version")),
    ("identity", re.compile(r"\bID of the (?:application|campaign|segment)\b|unique .*ID\b|"
                            r"\bunique ID\b|\bID that you assigned\b|\bThe ID of the\b")),
    ("count", re.compile(r"[Tt]he (?:total )?number of|[Pp]rovides up to")),
)
METHOD_SENTENCE = re.compile(r"^Use the (?P<method>GET|PUT|POST|DELETE) method\b")
# Sentences of chapter introductions and of the introduction chapter that say what a call
# does or how the API answers.
CALL_SENTENCE = re.compile(
    r"You can use (?:this resource|the `/endpoints` URI|an import job)|Use the `/endpoints/|"
    r"You can create segments|When you use this resource|You can configure only|"
    r"is available in the|Using HAL, you use|To request a HAL response|returns a response "
    r"that includes|Returns information about the activity|Configures Amazon Pinpoint to stream|"
    r"can send events to|To combine data from multiple apps|Your request body will include the "
    r"dimensions|If you want to create a static segment"
)
DASH = "\u2013"  # the en dash the reference prints between a media type and its meaning
ACCEPT_WORDS = (f"application/json {DASH} A JSON response body.",
                f"application/hal+json {DASH} A HAL JSON response body that includes hyperlinks "
                "to related resources.")
QUERY_ROW = re.compile(r"^(?P<name>page-size|token)\t(?P<text>.*)$")
# a sentence ends at a full stop before a capital or a bullet, not after an initial ("N.")
SENTENCE_END = re.compile(r"(?<![\s(][A-Z]\.)(?<=\.)\s+(?=[A-Z\u2022])")

# ---------------------------------------------------------------- the hand review
# Sentences the patterns pick that say nothing a target could obey or break: ids of statements.
REVIEW_DROPPED: dict[str, str] = {
    "campaign-attributes/campaignresponse.additionaltreatments/"
    "treatments-are-defined-addition-default-treatment": "says what the member is",
    "campaign-attributes/campaignresponse.defaultstate/status-campaign-s-default-treatment":
        "says what the member is (the next sentence is the rule)",
    "settings-attributes/applicationsettingsresource.quiettime/default-quiet-time-app":
        "says what the member is (the next sentence is the rule)",
    "settings-attributes/applicationsettingsresource.limits/default-campaign-limits-app":
        "says what the member is (the next sentence is the rule)",
}
# Kinds the patterns get wrong: id -> the right kind.
KIND_FIXES: dict[str, str] = {}




def slug(text: str, words: int = 6) -> str:
    kept = re.findall(r"[a-z0-9]+", text.lower().replace("+", " plus "))
    stop = {"the", "a", "an", "optional", "of", "to", "for", "is", "in", "that", "and", "or"}
    return "-".join([w for w in kept if w not in stop][:words]) or "statement"


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def kind_of(sentence: str) -> str | None:
    return next((kind for kind, pattern in KINDS if pattern.search(sentence)), None)


class Extractor:
    def __init__(self, text: str) -> None:
        self.raw = text.splitlines()
        self.where = {entry["line"]: entry for entry in extract(text)}
        self.found: list[Statement] = []
        self.ids: set[str] = set()

    def add(self, base: str, number: int, kind: str, words: str, **extra: str) -> None:
        entry = self.where[number]
        words = " ".join(words.split())
        if words not in entry["text"]:
            raise InventoryError(f"line {number}: {words!r} is not on the line")
        statement_id, n = base, 1
        while statement_id in self.ids:
            n += 1
            statement_id = f"{base}-{n}"
        self.ids.add(statement_id)
        if statement_id in REVIEW_DROPPED:
            return
        kind = KIND_FIXES.get(statement_id, kind)
        self.found.append(Statement(statement_id, self.chapter, str(entry["section"]),
                                    entry["page"], kind, words, **extra))

    def run(self) -> list[Statement]:
        chapters: set[str] = set()
        self.chapter = INTRODUCTION
        in_code = False
        table = member = method = ""
        for number, line in enumerate(self.raw, start=1):
            if line.startswith(CODE_FENCE):
                in_code = not in_code
                continue
            entry = self.where.get(number)
            if in_code or entry is None:
                continue
            section = str(entry["section"])
            topic = RESOURCE_TOPIC.match(entry["text"])
            if section == "Resources" and topic:
                chapters.add(topic.group("title"))
            if section in chapters:
                self.chapter = section
            title = heading_text(line)
            if title is not None:
                if title in ("GET", "PUT", "POST", "DELETE"):
                    method = title
                elif section.endswith("Attributes") and title != section:
                    table, member = title, ""
                continue
            place = slug(section, 8)
            words = normalise(line)
            if section.endswith("Attributes"):
                if line.startswith(ATTRIBUTE_TABLE_HEADER) or words.startswith("Parameter "):
                    continue
                cells = [normalise(cell) for cell in line.split("\t")]
                if "\t" in line and cells[0]:
                    member, description = cells[0], cells[1] if len(cells) > 1 else ""
                else:  # a page-break continuation of the member before
                    description = cells[1] if "\t" in line and len(cells) > 1 else words
                description = re.sub(r"^Optional\.?\s*", "", description)
                for sentence in sentences(description):
                    kind = kind_of(sentence)
                    if kind and table and member:
                        base = f"{place}/{slug(table, 3)}.{slug(member, 3)}/{slug(sentence)}"
                        self.add(base, number, kind, sentence, table=table, member=member)
                continue
            query = QUERY_ROW.match(line)
            if query:
                for sentence in sentences(normalise(query.group("text"))):
                    base = f"{place}/{query.group('name')}/{slug(sentence, 4)}"
                    self.add(base, number, "paging", sentence)
                continue
            for accept in ACCEPT_WORDS:
                if accept in words:
                    self.add(f"{place}/accept-{slug(accept, 2)}", number, "media-type", accept)
            if any(accept in words for accept in ACCEPT_WORDS) or words.startswith("accept "):
                continue
            for sentence in sentences(words):
                if METHOD_SENTENCE.match(sentence):
                    self.add(f"{place}/{method.lower()}", number, "call", sentence,
                             method=method)
                elif CALL_SENTENCE.search(sentence):
                    self.add(f"{place}/{slug(sentence)}", number, "call", sentence)
        if len(chapters) != 8:
            raise InventoryError(f"expected the 8 resources of the reference, found {chapters}")
        missing = set(REVIEW_DROPPED) | set(KIND_FIXES)
        stale = missing - self.ids
        if stale:
            raise InventoryError(f"review entries name no candidate: {sorted(stale)}")
        return self.found


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(statements: list[Statement], digest_of: str) -> str:
    out = [
        "# The reference's normative statements (issue 13): written by",
        "# tools/extract_statements.py from the 2017 reference; do not edit by hand (the",
        "# review is in the script). Each statement's words are verbatim on one line of",
        "# tests/data/reference_lines.json; spec/coverage.yaml maps each id to the checks that",
        "# enforce it or to the reason it cannot be observed over this API.",
        f"source: {digest_of}",
        "statements:",
    ]
    for s in statements:
        out.append(f"- id: {s.id}")
        out.append(f"  chapter: {s.chapter}")
        out.append(f"  section: {s.section}")
        out.append(f"  page: {s.page if s.page is not None else 'null'}")
        out.append(f"  kind: {s.kind}")
        if s.table:
            out.append(f"  table: {s.table}")
            out.append(f"  member: {s.member}")
        if s.method:
            out.append(f"  method: {s.method}")
        out.append(f"  words: {quoted(s.words)}")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    text, out = reference_and_out(__doc__.splitlines()[0], DEFAULT_OUT, argv)
    try:
        statements = Extractor(text).run()
    except InventoryError as exc:
        print(f"unexpected reference structure: {exc}", file=sys.stderr)
        return 1
    out.write_text(render(statements, "pinpoint-rest-api-reference.txt"), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
