"""Fill empty Dutch translations from other SEN catalogues that already translate the msgid.

Usage: .venv/bin/python scripts/i18n_reuse.py [app ...]   (then compile the catalogues)
Prints what is still untranslated, per catalogue. Used after moving code between apps.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "src" / "sen"


def main(apps: list[str]) -> int:
    catalogues = sorted(ROOT.glob("**/locale/nl/LC_MESSAGES/django.po"))
    known: dict[tuple[str, str], polib.POEntry] = {}
    for path in catalogues:
        for entry in polib.pofile(str(path)).translated_entries():
            known.setdefault((entry.msgctxt or "", entry.msgid), entry)
    missing = 0
    for path in catalogues:
        app = path.relative_to(ROOT).parts[0]
        if apps and app not in apps:
            continue
        po = polib.pofile(str(path))
        changed = False
        for entry in po.untranslated_entries():
            source = known.get((entry.msgctxt or "", entry.msgid))
            if source is None:
                missing += 1
                print(f"{app}: untranslated: {entry.msgid!r}")
                continue
            entry.msgstr = source.msgstr
            entry.msgstr_plural = dict(source.msgstr_plural)
            changed = True
        if changed:
            po.save()
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
