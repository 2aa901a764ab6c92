"""Segments: life and version history (Segments List, Segment Instance, versions)."""

from __future__ import annotations

import pytest

from pinpoint_conformance.probe import Probe
from pinpoint_conformance.suite import bodies
from pinpoint_conformance.suite._flows import Versioned, versioned_lifecycle

SEGMENT = Versioned("segment", "segment-id", "CreateSegment", "GetSegment", "UpdateSegment",
                    "DeleteSegment", "GetSegmentVersions", "GetSegmentVersion", "GetSegments")


@pytest.mark.pinpoint(family="LIFE", operation="CreateSegment")
def test_segment_lifecycle_and_versions(probe: Probe, pinpoint_seed: int) -> None:
    versioned_lifecycle(probe, SEGMENT, bodies.segment(f"pc-{pinpoint_seed}-a", "ios"),
                        bodies.segment(f"pc-{pinpoint_seed}-b", "android"),
                        bodies.segment(f"pc-{pinpoint_seed}-c", "windows"))
