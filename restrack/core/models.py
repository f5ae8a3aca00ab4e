"""Building blocks shared by every Restrack app, and the event log every action writes to."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from restrack.core.choices import EventKind


class TimeStampedModel(models.Model):
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        abstract = True


class Event(models.Model):
    """One action done: what kind, by whom, to which record, when, why, in which web or API
    request. Written by restrack.core.events.emit in the action's own transaction, so an event
    exists exactly when its writes do. Topics name the records whose pages the event concerns
    (the update, its period, its instrument), for the lists, feeds and caches that follow them."""

    kind = models.CharField(_("kind"), max_length=40, choices=EventKind.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="events", verbose_name=_("by")
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("kind of record"))
    target_id = models.PositiveBigIntegerField(_("record id"))
    target = GenericForeignKey("target_type", "target_id")
    target_repr = models.CharField(_("record"), max_length=200, help_text=_("What the record was called then."))
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    created = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["target_type", "target_id", "created"], name="event_target")]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.actor} {self.get_kind_display()} {self.target_repr}"


class EventTopic(models.Model):
    """A record an event concerns, named `<app label>.<model>:<id>` (restrack.core.events.topic)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="topics", verbose_name=_("event"))
    name = models.CharField(_("topic"), max_length=80)

    class Meta:
        verbose_name = _("event topic")
        verbose_name_plural = _("event topics")
        indexes = [models.Index(fields=["name", "event"], name="event_topic_name")]
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="event_topic_unique")]

    def __str__(self) -> str:
        return self.name
