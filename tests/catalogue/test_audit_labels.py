"""The catalogue's and the import's audit events read as words in the audit log."""

from __future__ import annotations

from django.utils import translation

from sen.audit.labels import describe


def test_audit_labels_describe_the_catalogues_and_imports_events() -> None:
    with translation.override("en"):
        assert describe("catalogue.period.created") == "Period added"
        assert describe("network.student_import.completed") == "Students imported"
