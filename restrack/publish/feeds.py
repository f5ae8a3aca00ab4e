"""Atom feeds of the public tracker, in the page's language: what was published, corrected or
imported, statuses and funding figures that changed, and commitments that fell due, for the whole
tracker, one instrument or one period; a partner's published paragraphs; and a search's results.
Each page links its feed (<link rel="alternate" type="application/atom+xml">). The feeds are
public pages like the others: read through the access policy, and cached until the next public
change (restrack.publish.page_cache).

Entries come from the event log (restrack.core.models.Event): every public change is an event,
with topics naming the instrument and the period it concerns, so one indexed query per feed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed, add_domain
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from restrack.accounts import policy
from restrack.core.choices import EventKind
from restrack.core.events import topic
from restrack.core.models import Event
from restrack.publish import memo
from restrack.publish.templatetags.tracker import instrument_name
from restrack.registry.choices import ImplementationStatus
from restrack.registry.models import Instrument, Partner
from restrack.reporting.choices import CommitmentState, Recurrence
from restrack.reporting.models import Commitment, ReportingPeriod, UpdateEntry
from restrack.reporting.selectors import visible_commitments
from restrack.search.models import HitKind

ENTRIES = 50  # newest entries of a feed
FEED_KINDS = (
    EventKind.UPDATE_PUBLISHED,
    EventKind.UPDATE_CORRECTED,
    EventKind.UPDATE_IMPORTED,
    EventKind.INSTRUMENT_STATUS_SET,
    EventKind.FUNDING_RECORDED,
    EventKind.PERIOD_PUBLISHED,
)


@dataclass(frozen=True)
class Entry:
    key: str  # unique and stable: the entry's id within the site
    title: str
    link: str
    updated: datetime.datetime
    content: str


def _event_entry(event: Event, instruments: dict[int, Instrument], periods: dict[int, ReportingPeriod]):
    """The entry of one public event, in the active language (None: nothing to say of it); its
    record's instrument and period from `instruments` and `periods` (read for all events at once)."""
    target = event.target
    if target is None:
        return None
    instrument = target if isinstance(target, Instrument) else instruments.get(getattr(target, "instrument_id", None))
    period = target if isinstance(target, ReportingPeriod) else periods.get(getattr(target, "period_id", None))
    if instrument is None and event.kind != EventKind.PERIOD_PUBLISHED:
        return None  # a paragraph's figures: its instrument's, recorded with them, have the entry
    name = instrument_name(instrument) if instrument is not None else ""
    label = period.label if period is not None else ""
    if event.kind == EventKind.PERIOD_PUBLISHED:
        title = _("Period %(period)s published") % {"period": label}
        link = reverse("publish:period", args=[label])
    elif event.kind == EventKind.INSTRUMENT_STATUS_SET:
        status = event.data.get("status") or ""
        shown = ImplementationStatus(status).label if status in ImplementationStatus.values else _("Not reported")
        title = _("%(instrument)s: status %(status)s") % {"instrument": name, "status": shown}
        link = instrument.get_absolute_url()
    elif event.kind == EventKind.FUNDING_RECORDED:
        title = _("%(instrument)s: funding figures of %(period)s") % {"instrument": name, "period": label}
        link = instrument.get_absolute_url() + "#funding-heading"
    elif event.kind == EventKind.UPDATE_CORRECTED:
        title = _("%(instrument)s: update of %(period)s corrected") % {"instrument": name, "period": label}
        link = f"{instrument.get_absolute_url()}?period={label}#update-{label}"
    else:  # published, or imported from a report
        title = _("%(instrument)s: update of %(period)s published") % {"instrument": name, "period": label}
        link = f"{instrument.get_absolute_url()}?period={label}#update-{label}"
    content = event.reason if event.kind in (EventKind.UPDATE_CORRECTED, EventKind.INSTRUMENT_STATUS_SET) else ""
    return Entry(f"event-{event.pk}", title, link, event.created, content)


def event_entries(*topics) -> list[Entry]:
    """The newest public events of FEED_KINDS (about all of `topics`' records, when given)."""
    events = policy.visible_to(AnonymousUser(), Event.objects.filter(kind__in=FEED_KINDS))
    for record in topics:
        events = events.filter(topics__name=topic(record))
    events = list(events.prefetch_related("target").order_by("-created", "-pk")[:ENTRIES])
    targets = [event.target for event in events if event.target is not None]
    instruments = Instrument.objects.in_bulk({getattr(target, "instrument_id", None) for target in targets} - {None})
    periods = ReportingPeriod.objects.in_bulk({getattr(target, "period_id", None) for target in targets} - {None})
    return [entry for event in events if (entry := _event_entry(event, instruments, periods)) is not None]


def commitment_entries(instrument: Instrument | None = None) -> list[Entry]:
    """Public commitments that fell due and are not delivered, the most recently due first."""
    today = timezone.localdate()
    commitments = visible_commitments(AnonymousUser(), Commitment.objects.all(), delivery=False)
    if instrument is not None:
        commitments = commitments.filter(instrument=instrument)
    commitments = commitments.filter(
        due_date__lte=today, state=CommitmentState.PENDING, recurrence=Recurrence.ONCE
    ).select_related("instrument")
    found = []
    for commitment in commitments.order_by("-due_date", "-pk")[:ENTRIES]:
        due = datetime.datetime.combine(commitment.due_date, datetime.time(), tzinfo=datetime.UTC)
        found.append(
            Entry(
                f"commitment-{commitment.pk}",
                _("%(instrument)s: commitment due %(due)s")
                % {"instrument": instrument_name(commitment.instrument), "due": str(commitment.due)},
                commitment.instrument.get_absolute_url() + "#commitments-heading",
                due,
                commitment.description,
            )
        )
    return found


def paragraph_entries(entries) -> list[Entry]:
    """Published report paragraphs (a queryset of UpdateEntry), newest period first."""
    rows = (
        policy.public(entries)
        .select_related("update__instrument", "update__period")
        .order_by("-update__period__start_date", "-pk")[:ENTRIES]
    )
    found = []
    for entry in rows:
        update = entry.update
        label = update.period.label
        found.append(
            Entry(
                f"paragraph-{entry.pk}",
                _("%(instrument)s, %(period)s") % {"instrument": instrument_name(update.instrument), "period": label},
                f"{update.instrument.get_absolute_url()}?period={label}#entry-{entry.pk}",
                datetime.datetime.combine(update.period.end_date, datetime.time(), tzinfo=datetime.UTC),
                entry.text or "",
            )
        )
    return found


def newest(*lists: list[Entry]) -> list[Entry]:
    return sorted([entry for entries in lists for entry in entries], key=lambda entry: entry.updated, reverse=True)[
        :ENTRIES
    ]


def remembered(name: str, vary: tuple, compute) -> list[Entry]:
    """A feed's entries, the same for every reader until the next public change or the next day
    (commitments fall due at midnight), in the page's language (restrack.publish.memo)."""
    return memo.remember(name, (*vary, timezone.localdate().isoformat()), compute)


class TrackerFeed(Feed):
    """What changed on the whole tracker."""

    feed_type = Atom1Feed

    def title(self, obj) -> str:
        return _("Restrack: what changed on the tracker")

    def link(self, obj) -> str:
        return reverse("publish:dashboard")

    def subtitle(self, obj) -> str:
        return _(
            "Updates published and corrected, statuses and funding figures changed, commitments due, on the "
            "implementation of the resolutions and decisions of the UN-Habitat Assembly."
        )

    def items(self, obj) -> list[Entry]:
        return remembered("feed-tracker", (), lambda: newest(event_entries(), commitment_entries()))

    def __call__(self, request, *args, **kwargs):
        """Django's, with the document written into a string and given to the response in one
        piece: written into the response, each of its thousands of small pieces is encoded and
        appended on its own (a fifth of a feed's time)."""
        try:
            obj = self.get_object(request, *args, **kwargs)
        except ObjectDoesNotExist:
            raise Http404("Feed object does not exist.") from None
        feed = self.get_feed(obj, request)
        response = HttpResponse(feed.writeString("utf-8"), content_type=feed.content_type)
        response.headers["Last-Modified"] = http_date(feed.latest_post_date().timestamp())
        return response

    def get_feed(self, obj, request):
        """Django's, for this tracker's entries: each entry's parts read off it (Entry) instead
        of through Feed's lookup of a dozen optional attributes per entry, each inspecting a
        method's signature (half the time of building a feed of 50 entries)."""
        domain, secure = get_current_site(request).domain, request.is_secure()
        feed = self.feed_type(
            title=self.title(obj),
            subtitle=self.subtitle(obj),
            link=add_domain(domain, self.link(obj), secure),
            description=None,
            language=get_language(),
            feed_url=add_domain(domain, request.path, secure),
        )
        for item in self.items(obj):
            feed.add_item(
                title=self.item_title(item),
                link=add_domain(domain, self.item_link(item), secure),
                description=self.item_description(item),
                unique_id=self.item_guid(item),
                unique_id_is_permalink=self.item_guid_is_permalink,
                pubdate=self.item_pubdate(item),
                updateddate=self.item_updateddate(item),
            )
        return feed

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_description(self, item: Entry) -> str:
        return item.content

    def item_link(self, item: Entry) -> str:
        return item.link

    def item_guid(self, item: Entry) -> str:
        return item.key

    item_guid_is_permalink = False

    def item_updateddate(self, item: Entry) -> datetime.datetime:
        return item.updated

    def item_pubdate(self, item: Entry) -> datetime.datetime:
        return item.updated


class InstrumentFeed(TrackerFeed):
    def get_object(self, request, *, kind, prefix, sequence):
        return get_object_or_404(Instrument, kind=kind, number=f"{prefix}/{sequence}")

    def title(self, obj) -> str:
        return _("Restrack: %(instrument)s") % {"instrument": instrument_name(obj)}

    def link(self, obj) -> str:
        return obj.get_absolute_url()

    def subtitle(self, obj) -> str:
        return _("What changed on %(instrument)s: updates, status, funding and commitments due.") % {
            "instrument": instrument_name(obj)
        }

    def items(self, obj) -> list[Entry]:
        return remembered("feed-instrument", (obj.pk,), lambda: newest(event_entries(obj), commitment_entries(obj)))


class PeriodFeed(TrackerFeed):
    def get_object(self, request, *, label):
        return get_object_or_404(policy.public(ReportingPeriod.objects.all()), label=label)

    def title(self, obj) -> str:
        return _("Restrack: period %(period)s") % {"period": obj.label}

    def link(self, obj) -> str:
        return reverse("publish:period", args=[obj.label])

    def subtitle(self, obj) -> str:
        return _("What changed in period %(period)s: updates, statuses and funding figures.") % {"period": obj.label}

    def items(self, obj) -> list[Entry]:
        return remembered("feed-period", (obj.pk,), lambda: event_entries(obj))


class PartnerFeed(TrackerFeed):
    def get_object(self, request, *, code):
        return get_object_or_404(Partner, code=code)

    def title(self, obj) -> str:
        return _("Restrack: paragraphs naming %(partner)s") % {"partner": obj.code}

    def link(self, obj) -> str:
        return reverse("publish:partner", args=[obj.code])

    def subtitle(self, obj) -> str:
        return _("Published report paragraphs that name %(partner)s, newest first.") % {"partner": obj.code}

    def items(self, obj) -> list[Entry]:
        return remembered(
            "feed-partner", (obj.pk,), lambda: paragraph_entries(UpdateEntry.objects.filter(partners=obj))
        )


class SearchFeed(TrackerFeed):
    """A search's results (/<lang>/search/feed/?q=住房): a reader follows a subject."""

    def get_object(self, request):
        query = request.GET.get("q", "").strip()
        if not query:
            raise Http404(_("Say what to follow: /search/feed/?q=housing"))
        return query

    def title(self, obj) -> str:
        return _("Restrack: search for “%(query)s”") % {"query": obj}

    def link(self, obj) -> str:
        return reverse("publish:search") + "?" + urlencode({"q": obj})

    def subtitle(self, obj) -> str:
        return _("What the tracker holds on “%(query)s”, its newest reports first.") % {"query": obj}

    def items(self, obj) -> list[Entry]:
        from restrack.search.query import search  # as the search page: imported when first used

        hits = search(obj, kinds={HitKind.PARAGRAPH}, limit=ENTRIES, display_language=get_language())
        return paragraph_entries(UpdateEntry.objects.filter(pk__in=[hit.object_id for hit in hits]))
