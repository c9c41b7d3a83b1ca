"""Every audit action that assessment and portfolio record reads as words, in Dutch too."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

import sen
from sen.assessment.audit_labels import ACTIONS as ASSESSMENT
from sen.audit.labels import describe
from sen.portfolio.audit_labels import ACTIONS as PORTFOLIO

SRC = Path(sen.__file__).resolve().parent
RECORDED = re.compile(r'"((?:assessment|portfolio)\.[a-z_]+\.[a-z_]+)"')


def _recorded() -> set[str]:
    codes: set[str] = set()
    for app in ("assessment", "portfolio"):
        for path in (SRC / app).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if "record(" in text:
                codes |= set(RECORDED.findall(text))
    return codes


def test_every_recorded_action_has_a_label() -> None:
    assert _recorded() - set(ASSESSMENT) - set(PORTFOLIO) == set()
    assert len(_recorded()) >= 20


def test_action_labels_are_translated() -> None:
    codes = [*ASSESSMENT, *PORTFOLIO]
    with translation.override("en"):
        english = {code: describe(code) for code in codes}
    with translation.override("nl"):
        dutch = {code: describe(code) for code in codes}

    assert english["assessment.grade.changed"] == "Grade changed"
    assert dutch["assessment.grade.changed"] == "Cijfer gewijzigd"
    assert [code for code in codes if dutch[code] == english[code]] == []
