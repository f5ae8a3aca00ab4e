"""The record of a job: long work done off the request by a worker of the task queue (a report
file written, a large report read and imported, the search index rebuilt)."""

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from restrack.jobs.choices import ACTIVE_STATES, JobState


def progress_key(job_id: int) -> str:
    """Where a running job's progress is kept (the cache; see restrack.jobs.runner.Progress)."""
    return f"restrack:job:{job_id}:progress"


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=60, db_index=True, help_text=_("The task that does it."))
    title = models.CharField(_("what"), max_length=300)
    params = models.JSONField(_("what was asked"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs", verbose_name=_("asked by")
    )
    state = models.CharField(_("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.FloatField(_("progress"), default=0.0, help_text=_("From 0 to 1."))
    progress_note = models.CharField(_("step"), max_length=200, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    result_file = models.FileField(_("result file"), upload_to="jobs/%Y/%m/", blank=True, max_length=300)
    result_name = models.CharField(_("file name"), max_length=255, blank=True)
    result_type = models.CharField(_("media type"), max_length=120, blank=True)
    result_size = models.PositiveBigIntegerField(_("file size"), default=0)
    error = models.TextField(_("error"), blank=True)
    worker = models.CharField(_("worker"), max_length=200, blank=True)
    created = models.DateTimeField(_("asked"), default=timezone.now, db_index=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    expired = models.DateTimeField(
        _("file removed"), null=True, blank=True, help_text=_("When the result file was removed after the retention.")
    )

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["requested_by", "created"], name="job_requested_by"),
            models.Index(fields=["state", "finished"], name="job_state_finished"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_state_display()})"

    @property
    def active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def has_file(self) -> bool:
        return self.state == JobState.DONE and bool(self.result_file) and self.expired is None

    def live_progress(self) -> tuple[float, str]:
        """(fraction done, step): while it runs, what the worker last reported; else the record's."""
        if self.state == JobState.RUNNING:
            reported = cache.get(progress_key(self.pk))
            if reported:
                return reported["fraction"], reported["note"]
        return self.progress, self.progress_note

    @property
    def percent(self) -> int:
        return round(100 * min(max(self.live_progress()[0], 0.0), 1.0))

    @property
    def step(self) -> str:
        return self.live_progress()[1]
