"""The conformance checks, as pytest test modules: one module per resource family.

Run them with `pinpoint-conformance run`, or `pytest --pyargs pinpoint_conformance.suite`.
"""
