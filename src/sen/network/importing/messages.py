"""Findings of an import as sentences, translated when they are shown.

A finding is stored as data (see `parsing`); `describe` writes it for the reader,
e.g. "Rij 14, Geboortedatum: '31-02-2011' is geen geldige datum."
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from sen.network.importing.columns import BY_FIELD, COLUMNS


def _accepted_names(field: str) -> str:
    column = BY_FIELD.get(field)
    return ", ".join(f"“{name}”" for name in column.examples) if column else ""


def _problem(code: str, finding: Mapping[str, object]) -> str:
    value = finding.get("value", "")
    if code == "required":
        return _("this value is required.")
    if code == "invalid_date":
        return _("'%(value)s' is not a valid date. Write it as dd-mm-yyyy, e.g. 17-05-2011.") % {
            "value": value
        }
    if code == "implausible_date":
        return _("'%(value)s' cannot be a date of birth of a student.") % {"value": value}
    if code == "invalid_track":
        return _("'%(value)s' is not a leerweg; use BB, KB, GL or TL.") % {"value": value}
    if code == "unknown_profile":
        return _(
            "'%(value)s' is not a known profiel; use a code such as PIE or the profiel's name."
        ) % {"value": value}
    if code == "year_range":
        return _("'%(value)s' is not a year from 1 to 4.") % {"value": value}
    if code == "invalid_email":
        return _("'%(value)s' is not a valid e-mail address.") % {"value": value}
    if code == "too_long":
        return _("'%(value)s' is longer than %(limit)s characters.") % {
            "value": value,
            "limit": finding.get("limit"),
        }
    if code == "duplicate_number":
        return _("student number '%(value)s' already appears in row %(other)s.") % {
            "value": value,
            "other": finding.get("other_row"),
        }
    return _("this value cannot be read.")


def describe(finding: Mapping[str, object]) -> str:
    code = str(finding.get("code", ""))
    row, column = finding.get("row"), finding.get("column")
    if code == "extra_cells":
        return _(
            "Row %(row)s has %(count)s values, but the header has %(width)s columns. "
            "Is there a separator inside a value? Put such a value between double quotes."
        ) % {"row": row, "count": finding.get("count"), "width": finding.get("width")}
    if row is not None:
        return _("Row %(row)s, %(column)s: %(problem)s") % {
            "row": row,
            "column": column,
            "problem": _problem(code, finding),
        }
    return describe_file_problem(finding)


def describe_file_problem(finding: Mapping[str, object]) -> str:
    code = finding.get("code")
    if code == "missing_column":
        field = str(finding.get("field", ""))
        column = BY_FIELD.get(field)
        label = str(column.label) if column else field
        return _("The column for the %(label)s is missing. Accepted names include: %(names)s.") % {
            "label": label,
            "names": _accepted_names(field),
        }
    if code == "too_large":
        return _("The file is larger than %(limit)s MB. Split it into smaller files.") % {
            "limit": finding.get("limit_mb")
        }
    if code == "empty":
        return _("The file is empty.")
    if code == "no_rows":
        return _("The file has a header row but no students.")
    if code == "spreadsheet":
        return _(
            "This is a spreadsheet (Excel) file. Save it as CSV (separated by semicolons) "
            "and upload that file."
        )
    if code in ("not_text", "not_csv"):
        return _(
            "This file cannot be read as a CSV text file. Export the students from "
            "Magister or Somtoday as CSV and upload that file."
        )
    if code == "unexpected":
        return _("Something went wrong while processing the file. Please try again.")
    if code == "not_allowed":
        return _(
            "The person who started the import is no longer a coordinator of this school, "
            "so nothing was imported."
        )
    if code == "expired":
        return _("This upload has expired. Upload the file again.")
    if code == "changed":
        return _(
            "The students of the school changed since the file was checked. Upload it again "
            "to see the new preview."
        )
    return _("The file cannot be imported.")


def expected_columns() -> list[tuple[str, bool, str]]:
    """(label, required, example header names) for the help text of the upload page."""
    return [(str(column.label), column.required, ", ".join(column.examples)) for column in COLUMNS]
