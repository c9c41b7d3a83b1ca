"""Every audit action the logbook records reads as words, in Dutch too."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

import sen
from sen.audit.labels import describe
from sen.logbook.audit_labels import ACTIONS

SRC = Path(sen.__file__).resolve().parent / "logbook"
LITERAL = re.compile(r'"(logbook\.[a-z_]+\.[a-z_]+)"')
# Codes built with an f-string: the object part and every verb it may take.
BUILT = {
    "logbook.attendance": ("registered", "confirmed", "changed"),
    "logbook.entry": ("submitted", "resubmitted", "approved", "returned"),
}


def recorded() -> set[str]:
    codes = {f"{base}.{verb}" for base, verbs in BUILT.items() for verb in verbs}
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "record(" in text:
            codes |= set(LITERAL.findall(text))
    return codes


def test_every_recorded_action_has_a_label() -> None:
    assert recorded() - set(ACTIONS) == set()
    assert len(recorded()) >= 18


def test_action_labels_are_translated() -> None:
    with translation.override("en"):
        english = {code: describe(code) for code in ACTIONS}
    with translation.override("nl"):
        dutch = {code: describe(code) for code in ACTIONS}

    assert english["logbook.entry.corrected"] == "Approved hours corrected"
    assert dutch["logbook.entry.corrected"] == "Goedgekeurde uren gecorrigeerd"
    assert [code for code in ACTIONS if english[code] == dutch[code]] == []
