"""Jobs without a broker (tasks run in the asking process): who sees a job, the rights checked
again when it runs, progress, results and their limits, and the pages that follow a job."""

import os
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from restrack.accounts.choices import Ability, Role
from restrack.accounts.roles import GROUP_NAMES
from restrack.accounts.tests.factories import UserFactory
from restrack.jobs import actions
from restrack.jobs.models import Job
from restrack.jobs.runner import JobRefused, Outcome, execute, job_task, submit

pytestmark = pytest.mark.django_db

# Jobs declared for these tests only: what they do is read from the job's parameters.
HELD = {}


@job_task("test.echo", ability=Ability.GENERATE_REPORT)
def echo(job, progress):
    progress(0.5, "half way")
    HELD["seen"] = job.live_progress()
    if job.params.get("refuse"):
        raise JobRefused("Refused, and why.")
    if job.params.get("crash"):
        raise ZeroDivisionError("division by zero")
    size = job.params.get("size")
    if size is not None:
        return Outcome(
            summary={"lines": ["A file"]}, content=b"x" * size, file_name="echo.txt", media_type="text/plain"
        )
    return Outcome(summary={"lines": [f"Echo: {job.params.get('text', '')}"]})


@pytest.fixture(autouse=True)
def _own_media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def coordinator(client):
    user = UserFactory(role=Role.COORDINATOR)
    client.force_login(user)
    return user


def queued(user, **params) -> Job:
    """A job asked for but not yet run (as when a worker has not taken it yet)."""
    return actions.request_job("test.echo", acting_user=user, title="Echo", params=params)


def test_without_a_broker_a_job_runs_when_asked(coordinator):
    job = submit("test.echo", acting_user=coordinator, title="Echo", params={"text": "你好 world"})
    assert (job.state, job.progress, job.result["lines"]) == ("done", 1.0, ["Echo: 你好 world"])
    assert job.started <= job.finished and job.requested_by == coordinator
    assert HELD["seen"] == (0.5, "half way")  # progress reported while it ran


def test_asking_needs_the_ability_and_a_known_job(client):
    focal_point = UserFactory(role=Role.FOCAL_POINT)
    with pytest.raises(Exception, match="Only coordinators write"):
        submit("test.echo", acting_user=focal_point, title="Echo", params={})
    with pytest.raises(ValueError, match="There is no job 'test.nothing'; the jobs are .*test.echo"):
        submit("test.nothing", acting_user=focal_point, title="?", params={})
    assert not Job.objects.exists()


def test_the_rights_are_checked_again_when_the_job_runs(coordinator):
    job = queued(coordinator)
    coordinator.groups.set([Group.objects.get(name=GROUP_NAMES[Role.VIEWER])])  # lost the role meanwhile
    job = execute(job.pk)
    assert job.state == "failed" and "Only coordinators write" in job.error
    other = UserFactory(role=Role.COORDINATOR)
    job = queued(other)
    other.is_active = False
    other.save()
    assert "was deactivated" in execute(job.pk).error


def test_a_job_runs_once(coordinator):
    job = execute(queued(coordinator, text="once").pk)
    finished = job.finished
    assert execute(job.pk).finished == finished  # a message delivered twice does not run it again
    assert execute(987654) is None  # a job removed meanwhile


def test_failures_say_why(coordinator):
    assert execute(queued(coordinator, refuse=True).pk).error == "Refused, and why."
    crashed = execute(queued(coordinator, crash=True).pk)
    assert crashed.state == "failed"
    assert "unexpected error (ZeroDivisionError: division by zero)" in crashed.error and "worker's log" in crashed.error


def test_a_result_file_is_kept_within_its_bound(coordinator, settings):
    settings.RESTRACK_JOB_RESULT_MAX_MB = 1
    job = execute(queued(coordinator, size=1000).pk)
    assert job.has_file and job.result_size == 1000 and job.result_file.name.startswith("jobs/")
    too_large = execute(queued(coordinator, size=2**20 + 1).pk)
    assert too_large.state == "failed" and "results are kept up to 1 MB (RESTRACK_JOB_RESULT_MAX_MB)" in too_large.error


def test_result_files_are_removed_after_the_retention_or_beyond_the_storage_bound(coordinator, settings, tmp_path):
    settings.RESTRACK_JOB_RETENTION_DAYS = 7
    old, recent, newest = (execute(queued(coordinator, size=600_000).pk) for _ in range(3))
    Job.objects.filter(pk=old.pk).update(finished=timezone.now() - timedelta(days=8))
    paths = {job.pk: job.result_file.path for job in (old, recent, newest)}
    system = UserFactory(is_superuser=True)
    assert actions.expire_results(acting_user=system) == 1  # the old one
    settings.RESTRACK_JOB_STORAGE_MAX_MB = 1  # 1.2 MB kept: the older of the other two goes too
    assert actions.expire_results(acting_user=system) == 1
    kept = {job.pk: job for job in Job.objects.all()}
    assert kept[old.pk].expired and kept[recent.pk].expired and not kept[newest.pk].expired
    assert not kept[old.pk].has_file and kept[newest.pk].has_file
    assert [pk for pk, path in paths.items() if os.path.exists(path)] == [newest.pk]


def test_only_the_asker_and_administrators_see_a_job(client, coordinator):
    job = execute(queued(coordinator, size=10).pk)
    page, file = f"/en/work/jobs/{job.pk}/", f"/en/work/jobs/{job.pk}/file"
    assert 'data-job-state="done"' in client.get(page).content.decode()
    assert b"".join(client.get(file).streaming_content) == b"x" * 10
    for someone in (UserFactory(role=Role.COORDINATOR), UserFactory(role=Role.FOCAL_POINT)):
        client.force_login(someone)
        assert client.get(page).status_code == 404 and client.get(file).status_code == 404
        assert f'data-job="{job.pk}"' not in client.get("/en/work/jobs/").content.decode()
    client.force_login(UserFactory(role=Role.ADMINISTRATOR))
    assert (
        client.get(page).status_code == 200 and f'data-job="{job.pk}"' in client.get("/en/work/jobs/").content.decode()
    )
    client.logout()
    assert client.get(page).status_code == 302  # to the login page


def test_the_progress_area_polls_while_the_job_runs_and_then_offers_the_result(client, coordinator):
    from restrack.jobs.runner import Progress

    job = queued(coordinator, size=5)
    area = client.get(f"/en/work/jobs/{job.pk}/progress/").content.decode()
    assert 'data-job-state="queued"' in area and f'hx-get="/en/work/jobs/{job.pk}/progress/"' in area
    actions.start_job(job, acting_user=coordinator)
    Progress(job.pk)(0.42, "paragraph 42 of 100")
    area = client.get(f"/en/work/jobs/{job.pk}/progress/").content.decode()
    assert 'value="42"' in area and "paragraph 42 of 100" in area and "hx-get" in area
    actions.finish_job(job, acting_user=coordinator, summary={"lines": ["Done."]}, content=b"12345", file_name="r.txt")
    area = client.get(f"/en/work/jobs/{job.pk}/progress/").content.decode()
    assert "hx-get" not in area and f'href="/en/work/jobs/{job.pk}/file"' in area and "Done." in area


def test_a_finished_job_that_says_where_to_go_on_sends_htmx_there(client, coordinator):
    job = queued(coordinator)
    actions.start_job(job, acting_user=coordinator)
    actions.finish_job(job, acting_user=coordinator, summary={"next_url": "/admin/next/", "next_label": "On"})
    followed = client.get(f"/en/work/jobs/{job.pk}/progress/?follow=1", HTTP_HX_REQUEST="true")
    assert followed["HX-Redirect"] == "/admin/next/"
    assert "HX-Redirect" not in client.get(f"/en/work/jobs/{job.pk}/progress/", HTTP_HX_REQUEST="true")


def test_the_list_of_jobs_reads_a_fixed_number_of_queries(client, coordinator, django_assert_max_num_queries):
    for _ in range(3):
        queued(coordinator)
    with django_assert_max_num_queries(12) as few:
        client.get("/en/work/jobs/")
    for _ in range(20):
        queued(coordinator)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/en/work/jobs/").content.decode().count("data-job=") == 23
