"""Segments: life and version history (Segments List, Segment Instance, versions)."""

from __future__ import annotations

import pytest

from pinpoint_conformance.checks.compare import alias_names, normalise
from pinpoint_conformance.checks.resource import LIFE_DIMENSIONAL, enum_value
from pinpoint_conformance.probe import Probe
from pinpoint_conformance.suite import bodies
from pinpoint_conformance.suite._flows import Versioned, make_segment, versioned_lifecycle

SEGMENT = Versioned("segment", "segment-id", "CreateSegment", "GetSegment", "UpdateSegment",
                    "DeleteSegment", "GetSegmentVersions", "GetSegmentVersion", "GetSegments")


@pytest.mark.pinpoint(family="LIFE", operation="CreateSegment")
def test_segment_lifecycle_and_versions(probe: Probe, pinpoint_seed: int) -> None:
    versioned_lifecycle(probe, SEGMENT, bodies.segment(f"pc-{pinpoint_seed}-a", "ios"),
                        bodies.segment(f"pc-{pinpoint_seed}-b", "android"),
                        bodies.segment(f"pc-{pinpoint_seed}-c", "windows"))


@pytest.mark.pinpoint(family="LIFE", operation="CreateSegment")
def test_segment_lifecycle_type_is_dimensional(probe: Probe, pinpoint_seed: int) -> None:
    """"When you use this resource to make a segment, the segment type is DIMENSIONAL"."""
    dimensional = enum_value(probe.contract, "SegmentType", "DIMENSIONAL")
    aliases = alias_names(probe.contract)
    segment_id = make_segment(probe, f"pc-{pinpoint_seed}-dimensional")
    read = probe.succeed("GetSegment", {"segment-id": segment_id})
    kind = normalise(read, aliases).get("Type")
    probe.verify(kind == dimensional, LIFE_DIMENSIONAL, "CreateSegment",
                 "a segment made through the segments resource is not DIMENSIONAL",
                 dimensional, kind)
