"""`python -m sen load_catalogue`: idempotent, says what it added."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sen.catalogue.loader import read_rows
from sen.catalogue.models import Elective, Profile


def _run(*args: str) -> str:
    out = StringIO()
    call_command("load_catalogue", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_migrations_loaded_the_whole_catalogue() -> None:
    assert Profile.objects.count() == 10
    assert Elective.objects.filter(school=None).count() == len(read_rows()) == 111
    assert Elective.objects.exclude(duo_code="").count() == 88


@pytest.mark.django_db
def test_load_catalogue_again_adds_nothing() -> None:
    output = _run()

    assert output.strip().splitlines() == [
        "Added 0 profiles and 0 electives; updated the source of 0 electives."
    ]
    assert Elective.objects.filter(school=None).count() == 111


@pytest.mark.django_db
def test_load_catalogue_adds_missing_and_updates_sources(tmp_path: Path) -> None:
    Elective.objects.filter(code="1206").delete()
    Elective.objects.filter(code="1205").update(source="old")
    Elective.objects.filter(code="1207").update(name="Schilderen (eigen naam)")

    output = _run()

    assert "  elective: 1206 Schoonmetselwerk" in output
    assert "  updated source: 1205 Constructieve aansluitingen en afwerking" in output
    assert output.strip().endswith(
        "Added 0 profiles and 1 electives; updated the source of 1 electives."
    )
    assert Elective.objects.get(code="1207").name == "Schilderen (eigen naam)"


@pytest.mark.django_db
def test_load_catalogue_reads_another_file(tmp_path: Path) -> None:
    path = tmp_path / "extra.csv"
    path.write_text(
        "profiel_code,profiel_naam,keuzevak_code,keuzevak_naam,source\n"
        'PIE,"Produceren, installeren en energie",9876,Robotica,https://example.org/robotica\n',
        encoding="utf-8",
    )

    output = _run("--file", str(path))

    assert "  elective: 9876 Robotica" in output
    robot = Elective.objects.get(code="9876")
    assert (robot.profile.code if robot.profile else "", robot.duo_code) == ("PIE", "9876")


@pytest.mark.django_db
def test_load_catalogue_refuses_a_missing_or_wrong_file(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b\n1,2\n", encoding="utf-8")

    with pytest.raises(CommandError, match="No such file"):
        _run("--file", str(tmp_path / "absent.csv"))
    with pytest.raises(CommandError, match="is not a catalogue file"):
        _run("--file", str(wrong))
