"""Background jobs: the state machine, progress, scoping and the progress partial."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from sen.core import jobs
from sen.core.models import BackgroundJob, JobStatus
from tests.factories import MembershipFactory, UserFactory, actor_for

KIND = "tests.job.run"


def _job(world, creator: str = "coordinator_a", **kwargs) -> BackgroundJob:  # type: ignore[no-untyped-def]
    actor = world.actor(creator)
    return jobs.create_job(kind=KIND, actor=actor, school_id=actor.school_id, **kwargs)


@pytest.mark.django_db
def test_create_job_keeps_actor_membership_and_starts_queued(world) -> None:  # type: ignore[no-untyped-def]
    job = _job(world, params={"x": 1})

    assert (job.status, job.done, job.total, job.school_id) == (
        JobStatus.QUEUED,
        0,
        0,
        world.school_a.pk,
    )
    assert job.params["x"] == 1
    assert job.params["membership_id"] == world.actor("coordinator_a").membership.pk


@pytest.mark.django_db
def test_start_moves_queued_job_to_running_once(world) -> None:  # type: ignore[no-untyped-def]
    job = _job(world)

    first = jobs.start(job.pk, kind=KIND)
    second = jobs.start(job.pk, kind=KIND)

    assert first is not None and first.status == JobStatus.RUNNING
    assert first.started_at is not None
    assert second is None


@pytest.mark.django_db
def test_start_ignores_a_job_of_another_kind(world) -> None:  # type: ignore[no-untyped-def]
    job = _job(world)

    assert jobs.start(job.pk, kind="tests.other.kind") is None
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (JobStatus.QUEUED, JobStatus.RUNNING, True),
        (JobStatus.QUEUED, JobStatus.FAILED, True),
        (JobStatus.QUEUED, JobStatus.SUCCEEDED, False),
        (JobStatus.RUNNING, JobStatus.SUCCEEDED, True),
        (JobStatus.RUNNING, JobStatus.FAILED, True),
        (JobStatus.RUNNING, JobStatus.QUEUED, False),
        (JobStatus.SUCCEEDED, JobStatus.FAILED, False),
        (JobStatus.SUCCEEDED, JobStatus.RUNNING, False),
        (JobStatus.FAILED, JobStatus.RUNNING, False),
        (JobStatus.FAILED, JobStatus.SUCCEEDED, False),
    ],
)
def test_check_transition_follows_the_table(current, target, allowed) -> None:  # type: ignore[no-untyped-def]
    if allowed:
        jobs.check_transition(current, target)
    else:
        with pytest.raises(jobs.InvalidJobTransition):
            jobs.check_transition(current, target)


@pytest.mark.django_db
def test_finish_twice_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    job = jobs.start(_job(world).pk, kind=KIND)
    assert job is not None
    jobs.finish(job, result={"n": 1})

    with pytest.raises(jobs.InvalidJobTransition):
        jobs.finish(job, result={"n": 2})
    job.refresh_from_db()
    assert job.result == {"n": 1, "error_count": 0}


@pytest.mark.django_db
def test_progress_writes_counts_visible_to_a_fresh_read(world) -> None:  # type: ignore[no-untyped-def]
    job = jobs.start(_job(world).pk, kind=KIND)
    assert job is not None
    progress = jobs.Progress(job, total=1000, every=100, interval=3600)

    for _ in range(250):
        progress.advance()

    assert BackgroundJob.objects.values_list("done", "total").get(pk=job.pk) == (200, 1000)
    progress.flush()
    assert BackgroundJob.objects.values_list("done", "total").get(pk=job.pk) == (250, 1000)


@pytest.mark.django_db
def test_progress_writes_a_bounded_number_of_times(world, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    job = jobs.start(_job(world).pk, kind=KIND)
    assert job is not None
    progress = jobs.Progress(job, total=10_000, interval=3600)

    # 1/50 of the total per write, each write one UPDATE in a savepoint (3 queries).
    with django_assert_max_num_queries(50 * 3 + 3):
        for _ in range(10_000):
            progress.advance()

    assert BackgroundJob.objects.get(pk=job.pk).done == 10_000


@pytest.mark.django_db
def test_run_job_records_result_of_work(world) -> None:  # type: ignore[no-untyped-def]
    job = _job(world, total=5)

    jobs.run_job(job.pk, kind=KIND, work=lambda j: ({"answer": 42}, [{"code": "note"}]))

    job.refresh_from_db()
    assert (job.status, job.done, job.result, job.errors) == (
        JobStatus.SUCCEEDED,
        5,
        {"answer": 42, "error_count": 1},
        [{"code": "note"}],
    )
    assert job.finished_at is not None


@pytest.mark.django_db
def test_run_job_fails_job_on_job_failed(world) -> None:  # type: ignore[no-untyped-def]
    job = _job(world)

    def work(j: BackgroundJob) -> jobs.WorkResult:
        raise jobs.JobFailed([{"code": "expired"}], {"why": "test"})

    jobs.run_job(job.pk, kind=KIND, work=work)

    job.refresh_from_db()
    assert (job.status, job.errors, job.result) == (
        JobStatus.FAILED,
        [{"code": "expired"}],
        {"why": "test", "error_count": 1},
    )


@pytest.mark.django_db
def test_run_job_fails_job_and_reraises_a_crash(world) -> None:  # type: ignore[no-untyped-def]
    job = _job(world)

    def work(j: BackgroundJob) -> jobs.WorkResult:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        jobs.run_job(job.pk, kind=KIND, work=work)

    job.refresh_from_db()
    assert (job.status, job.errors) == (JobStatus.FAILED, [{"code": "unexpected"}])


@pytest.mark.django_db
def test_run_job_does_the_work_once(world) -> None:  # type: ignore[no-untyped-def]
    job = _job(world)
    calls: list[int] = []

    def work(j: BackgroundJob) -> jobs.WorkResult:
        calls.append(j.pk)
        return {}, []

    jobs.run_job(job.pk, kind=KIND, work=work)
    jobs.run_job(job.pk, kind=KIND, work=work)

    assert calls == [job.pk]


@pytest.mark.django_db
def test_errors_are_capped_but_counted(world) -> None:  # type: ignore[no-untyped-def]
    job = jobs.start(_job(world).pk, kind=KIND)
    assert job is not None

    jobs.finish(job, errors=[{"code": "x", "row": n} for n in range(jobs.MAX_STORED_ERRORS + 5)])

    job.refresh_from_db()
    assert len(job.errors) == jobs.MAX_STORED_ERRORS
    assert job.result["error_count"] == jobs.MAX_STORED_ERRORS + 5


@pytest.mark.django_db
def test_payload_is_read_and_cleared(world) -> None:  # type: ignore[no-untyped-def]
    job = _job(world, payload=b"a;b\n1;2\n")

    assert jobs.read_payload(job) == b"a;b\n1;2\n"
    jobs.clear_payload(job)
    assert jobs.read_payload(job) == b""


@pytest.mark.django_db
def test_visible_jobs_are_the_creators_and_their_school_coordinators(world) -> None:  # type: ignore[no-untyped-def]
    by_coordinator = _job(world, "coordinator_a")
    by_teacher = _job(world, "teacher_a")
    other_school = _job(world, "coordinator_b")

    seen = {
        name: set(jobs.visible_jobs(world.actor(name)))
        for name in (
            "coordinator_a",
            "teacher_a",
            "coordinator_b",
            "student_a",
            "region_coordinator",
            "administrator",
        )
    }

    assert seen == {
        "coordinator_a": {by_coordinator, by_teacher},
        "teacher_a": {by_teacher},
        "coordinator_b": {other_school},
        "student_a": set(),
        "region_coordinator": set(),
        "administrator": set(),
    }


@pytest.mark.django_db
def test_job_actor_is_none_once_the_membership_ended(world) -> None:  # type: ignore[no-untyped-def]
    job = _job(world)
    assert jobs.job_actor(job) == world.actor("coordinator_a")

    membership = world.actor("coordinator_a").membership
    membership.is_active = False
    membership.save(update_fields=["is_active"])

    assert jobs.job_actor(job) is None


@pytest.mark.django_db
def test_job_actor_is_none_for_a_job_without_a_person() -> None:
    job = jobs.create_job(kind=KIND, actor=None)

    assert jobs.job_actor(job) is None


# --- The progress partial -----------------------------------------------------------------


def _partial(job: BackgroundJob, language: str = "nl") -> str:
    with translation.override(language):
        return render_to_string(
            "core/_job_progress.html", {"job": job, "poll_url": f"/students/import/jobs/{job.pk}/"}
        )


def test_partial_polls_every_second_while_running() -> None:
    job = BackgroundJob(pk=7, kind=KIND, status=JobStatus.RUNNING, done=1234, total=10_000)

    html = _partial(job)

    assert 'hx-get="/students/import/jobs/7/"' in html
    assert "Include with" not in html  # the template's comment stays out of the page
    assert 'hx-trigger="every 1s"' in html
    assert '<progress value="1234" max="10000"' in html


def test_partial_stops_polling_when_done() -> None:
    job = BackgroundJob(pk=7, kind=KIND, status=JobStatus.SUCCEEDED, done=10_000, total=10_000)

    html = _partial(job, "en")

    assert "hx-get" not in html and "hx-trigger" not in html
    assert "10,000 of 10,000 rows" in html


def test_partial_label_counts_rows_in_dutch() -> None:
    job = BackgroundJob(pk=7, kind=KIND, status=JobStatus.RUNNING, done=1234, total=10_000)

    html = _partial(job, "nl")

    # Dutch groups thousands with a dot; the sentence comes from the translation.
    assert "1.234" in html and "10.000" in html


def test_partial_without_total_shows_an_indeterminate_bar() -> None:
    job = BackgroundJob(pk=7, kind=KIND, status=JobStatus.QUEUED)

    html = _partial(job, "en")

    assert '<progress aria-label="Progress"></progress>' in html
    assert "Waiting to start" in html


@pytest.mark.django_db
def test_visible_jobs_for_a_second_school_coordinator(world) -> None:  # type: ignore[no-untyped-def]
    colleague = actor_for(
        MembershipFactory(
            user=UserFactory(email="co2@ludger.test"), role="coordinator", school=world.school_a
        )
    )
    job = _job(world, "teacher_a")

    assert list(jobs.visible_jobs(colleague)) == [job]
