"""The history of a progress update: every recorded version, two of them compared side by side
(status, summary, each paragraph with a word-level difference in the chosen language, the operative
paragraphs and partners it reports on), the workflow log, and — for coordinators — reverting to an
earlier version.

The page reads a fixed number of queries however many versions and paragraphs there are: the list
of versions without their content, the two compared snapshots, the operative paragraphs and
partners they name (each in one query), and the log."""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views import View

from restrack.accounts import policy
from restrack.accounts.choices import Ability
from restrack.core.diffing import changed, diff_html
from restrack.core.translation_fields import language_codes
from restrack.registry.models import OperativeParagraph, Partner
from restrack.reporting.actions import revert_update
from restrack.reporting.editing import CORRECTING, editing_mode
from restrack.reporting.log import update_log
from restrack.reporting.selectors import visible_update_or_404
from restrack.reporting.versions import paired_entries
from restrack.reporting.views.common import choose_language, error_text

ADDED, DELETED, MOVED, CHANGED, UNCHANGED = "added", "deleted", "moved", "changed", "unchanged"
LINKS = ("operative_paragraphs", "partners", "funding_constraint")


@dataclass(frozen=True)
class LinkChange:
    """An operative paragraph or partner a paragraph reports on, in the two versions."""

    label: str
    change: str  # "kept", "added" or "removed"
    title: str = ""


@dataclass
class TextComparison:
    """A text in two versions, in one language: the chosen one, or when neither version has text
    in it, the first language either has (`fallback`), so that no paragraph shows as empty."""

    before: str
    after: str
    language: str
    fallback: bool = False
    before_exists: bool = True
    after_exists: bool = True

    @classmethod
    def of(cls, before: dict, after: dict, language: str, **kwargs) -> TextComparison:
        chosen = language
        if not (before.get(language) or after.get(language)):
            chosen = next((code for code in language_codes() if before.get(code) or after.get(code)), language)
        return cls(before.get(chosen) or "", after.get(chosen) or "", chosen, fallback=chosen != language, **kwargs)

    @property
    def language_name(self) -> str:
        return _language_name(self.language)

    @property
    def changed(self) -> bool:
        return changed(self.before, self.after)

    @property
    def diff(self):
        return diff_html(self.before, self.after, labelled=True)


@dataclass
class ParagraphRow:
    before_number: int | None
    after_number: int | None
    labels: list[str]
    text: TextComparison
    other_languages: list[str] = field(default_factory=list)
    operative_paragraphs: list[LinkChange] = field(default_factory=list)
    partners: list[LinkChange] = field(default_factory=list)
    funding_constraint: tuple[bool, bool] | None = None
    funding_constraint_changed: bool = False
    carried_over: bool = False

    @property
    def kind(self) -> str:
        return self.labels[0]


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _language_name(code: str) -> str:
    return get_language_info(code)["name_local"]


def languages_with_text(*snapshots: dict) -> list[str]:
    """The languages in which any of `snapshots` has text, in the order of the settings."""
    found = set()
    for data in snapshots:
        found |= {code for code, text in (data.get("summary") or {}).items() if text}
        for entry in data.get("entries") or ():
            found |= {code for code, text in (entry.get("text") or {}).items() if text}
    return [code for code in language_codes() if code in found]


def choose_versions(numbers: list[int], requested_from, requested_to) -> tuple[int, int]:
    """The two versions to compare, from `numbers` (newest first): by default the one before the
    later version against the later version, the later one being the latest."""
    to = _int_or_none(requested_to)
    if to not in numbers:
        to = numbers[0]
    since = _int_or_none(requested_from)
    if since not in numbers:
        older = [number for number in numbers if number < to]
        since = older[0] if older else to
    return since, to


def _moved_ids(before_entries: list[dict], after_entries: list[dict]) -> set[int]:
    """Paragraphs in both versions whose order relative to the others changed: those outside the
    longest run of paragraphs kept in the same order."""
    after_ids = {entry["id"] for entry in after_entries}
    before_ids = {entry["id"] for entry in before_entries}
    old = [entry["id"] for entry in before_entries if entry["id"] in after_ids]
    new = [entry["id"] for entry in after_entries if entry["id"] in before_ids]
    in_place = set()
    for block in SequenceMatcher(a=old, b=new, autojunk=False).get_matching_blocks():
        in_place.update(new[block.b : block.b + block.size])
    return set(new) - in_place


def _link_changes(before_ids, after_ids, known: dict) -> list[LinkChange]:
    before_ids, after_ids = set(before_ids), set(after_ids)
    ordered = sorted(before_ids | after_ids, key=lambda pk: known[pk].sort_key if pk in known else (1, pk))
    result = []
    for pk in ordered:
        change = "removed" if pk not in after_ids else "added" if pk not in before_ids else "kept"
        item = known.get(pk)
        if item is None:
            result.append(LinkChange(_("#%(id)s (no longer exists)") % {"id": pk}, change))
        else:
            result.append(LinkChange(item.label, change, item.title))
    return result


@dataclass(frozen=True)
class _Known:
    label: str
    title: str
    sort_key: tuple


def _known_links(snapshots: list[dict], instrument) -> tuple[dict, dict]:
    """The operative paragraphs and partners the snapshots name, each looked up in one query."""
    op_ids, partner_ids = set(), set()
    for data in snapshots:
        for entry in data.get("entries") or ():
            op_ids.update(entry.get("operative_paragraphs") or ())
            partner_ids.update(entry.get("partners") or ())
    ops = {
        op.pk: _Known(
            op.number,
            _("%(instrument)s, operative paragraph %(number)s") % {"instrument": instrument, "number": op.number},
            (0, op.order, op.number),
        )
        for op in (OperativeParagraph.objects.filter(pk__in=op_ids).only("pk", "number", "order") if op_ids else ())
    }
    partners = {
        partner.pk: _Known(partner.code, partner.name, (0, partner.code))
        for partner in (Partner.objects.filter(pk__in=partner_ids).only("pk", "code", "name") if partner_ids else ())
    }
    return ops, partners


def compare(before: dict, after: dict, language: str, ops: dict, partners: dict) -> list[ParagraphRow]:
    """One row per paragraph of the two snapshots, in the order of the later one."""
    before_entries, after_entries = before.get("entries") or [], after.get("entries") or []
    before_numbers = {entry["id"]: number for number, entry in enumerate(before_entries, start=1)}
    after_numbers = {entry["id"]: number for number, entry in enumerate(after_entries, start=1)}
    moved = _moved_ids(before_entries, after_entries)
    rows = []
    for pair in paired_entries({"entries": before_entries}, {"entries": after_entries}):
        old, new = pair.before, pair.after
        old_text, new_text = (old or {}).get("text") or {}, (new or {}).get("text") or {}
        text = TextComparison.of(
            old_text, new_text, language, before_exists=old is not None, after_exists=new is not None
        )
        if old is None:
            labels = [ADDED]
        elif new is None:
            labels = [DELETED]
        else:
            labels = [MOVED] if new["id"] in moved else []
            if old_text != new_text or any(old.get(name) != new.get(name) for name in LINKS):
                labels.append(CHANGED)
            labels = labels or [UNCHANGED]
        whole = old is None or new is None  # a paragraph added or deleted as a whole: its links as they are
        old_links, new_links = old or new, new or old
        row = ParagraphRow(
            before_number=before_numbers.get(old["id"]) if old else None,
            after_number=after_numbers.get(new["id"]) if new else None,
            labels=labels,
            text=text,
            other_languages=[]
            if whole
            else [
                _language_name(code)
                for code in language_codes()
                if code != text.language and (old_text.get(code) or "") != (new_text.get(code) or "")
            ],
            operative_paragraphs=_link_changes(
                old_links.get("operative_paragraphs") or (), new_links.get("operative_paragraphs") or (), ops
            ),
            partners=_link_changes(old_links.get("partners") or (), new_links.get("partners") or (), partners),
            funding_constraint=(bool(old_links.get("funding_constraint")), bool(new_links.get("funding_constraint"))),
            carried_over=bool((new or {}).get("carried_over")),
        )
        row.funding_constraint_changed = row.funding_constraint[0] != row.funding_constraint[1]
        rows.append(row)
    return rows


class UpdateHistoryView(View):
    template_name = "reporting/update_history.html"

    def get(self, request, pk):
        update = visible_update_or_404(request.user, pk)
        versions = list(update.versions.select_related("user").defer("snapshot").order_by("-version"))
        context = {
            "update": update,
            "versions": versions,
            "events": update_log(request.user, update),
            "can_revert": False,
        }
        if versions:
            numbers = [version.version for version in versions]
            since, to = choose_versions(numbers, request.GET.get("from"), request.GET.get("to"))
            snapshots = dict(update.versions.filter(version__in={since, to}).values_list("version", "snapshot"))
            before, after = snapshots[since] or {}, snapshots[to] or {}
            available = languages_with_text(before, after)
            language = choose_language(request.GET.get("lang"), available)
            ops, partners = _known_links([before, after], update.instrument)
            by_number = {version.version: version for version in versions}
            # Coordinators and administrators revert while the update can be edited: a draft in an
            # open period, or a published update (then a correction, which needs a reason).
            mode = editing_mode(request.user, update)
            context.update(
                {
                    "version_from": by_number[since],
                    "version_to": by_number[to],
                    "same_version": since == to,
                    "text_language": language,
                    "text_language_name": _language_name(language),
                    "languages": [
                        (code, _language_name(code))
                        for code in language_codes()
                        if code in available or code == language
                    ],
                    "status": (before.get("status") or "", after.get("status") or ""),
                    "summary": TextComparison.of(before.get("summary") or {}, after.get("summary") or {}, language),
                    "rows": compare(before, after, language, ops, partners),
                    "can_revert": mode is not None and policy.allows(request.user, Ability.REVERT_UPDATE, update),
                    "correction": mode == CORRECTING,
                }
            )
        return render(request, self.template_name, context)


class UpdateRevertView(View):
    def post(self, request, pk):
        update = visible_update_or_404(request.user, pk)
        policy.require(request.user, Ability.REVERT_UPDATE, update)
        url = reverse("reporting:update_history", args=[update.pk])
        if request.POST.get("lang") in language_codes():
            url += "?" + urlencode({"lang": request.POST["lang"]})
        version = _int_or_none(request.POST.get("version"))
        if version is None:
            messages.error(request, _("Choose the version to revert to."))
            return redirect(url)
        comment = (request.POST.get("comment") or "").strip()
        if editing_mode(request.user, update) == CORRECTING and not comment:
            # revert_update refuses this too; asked here in the words the editor uses for corrections.
            messages.error(request, _("Say what is corrected: a published update is corrected with a reason."))
            return redirect(url)
        current = update.version
        try:
            reverted = revert_update(update, version, acting_user=request.user, comment=comment)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect(url)
        if reverted.version == current:
            messages.info(
                request,
                _("Version %(version)s says what the current version says: nothing was changed.")
                % {"version": version},
            )
        else:
            messages.success(
                request,
                _("Reverted to version %(version)s: its text is now version %(new)s.")
                % {"version": version, "new": reverted.version},
            )
        return redirect(url)
