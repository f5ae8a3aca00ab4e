"""An update's working page: the editor for focal points (autosaved, optimistically locked), the
review for reviewers (return with comments, approve), and the read-only view for everyone else who
may see it."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from restrack.accounts import policy
from restrack.accounts.choices import Ability
from restrack.core.diffing import diff_html
from restrack.core.translation_fields import get_translations, language_codes, translated_text
from restrack.registry.choices import ImplementationStatus
from restrack.registry.models import Partner
from restrack.reporting import actions
from restrack.reporting.actions import StaleUpdate, save_draft
from restrack.reporting.choices import CommitmentState, WorkflowState
from restrack.reporting.editing import editing_mode, may_review
from restrack.reporting.forms import ReturnForm, parse_editor_post
from restrack.reporting.log import latest_return, update_log
from restrack.reporting.models import Commitment
from restrack.reporting.selectors import visible_update_or_404
from restrack.reporting.versions import paired_entries, snapshot, version_before
from restrack.reporting.views.common import choose_language, error_text, run_step


def editing_language(request, update) -> str:
    """The content language to edit or show (see choose_language), asked for by ?lang= or, on a
    save, by the form's `language`."""
    present = {code for entry in update.entries.all() for code, text in get_translations(entry, "text").items() if text}
    available = [code for code in language_codes() if code in present]
    return choose_language(request.GET.get("lang") or request.POST.get("language"), available)


SNIPPET = 90  # characters of an operative paragraph's text in its label's tooltip


def partner_name(partner, language: str) -> str:
    """ "UN Children's Fund (UNICEF)": the partner's name in `language` (or its fallback) with its
    code, so a code nobody knows is never all a person sees; the code alone when it has no name."""
    name = translated_text(partner, "name", language)[0]
    return f"{name} ({partner.code})" if name and name != partner.code else partner.code


def operative_paragraph_choices(instrument, language: str) -> list[dict]:
    """The instrument's operative paragraphs labelled for people: "OP 4(a)" and the beginning of
    its text (for the tooltip and the accessible name)."""
    choices = []
    for op in instrument.operative_paragraphs.all():
        text = (translated_text(op, "text", language)[0] or "").strip()
        snippet = text if len(text) <= SNIPPET else text[:SNIPPET].rsplit(" ", 1)[0] + "…"
        label = _("OP %(number)s") % {"number": op.number}
        choices.append(
            {
                "pk": op.pk,
                "number": op.number,
                "label": label,
                "snippet": snippet,
                "description": _("Operative paragraph %(number)s: %(text)s") % {"number": op.number, "text": snippet}
                if snippet
                else _("Operative paragraph %(number)s") % {"number": op.number},
            }
        )
    return choices


def _entry_rows(update, language, comments_by_entry):
    rows = []
    for entry in update.entries.prefetch_related("operative_paragraphs", "partners"):
        texts = get_translations(entry, "text")
        rows.append(
            {
                "entry": entry,
                "key": str(entry.pk),
                "text": texts.get(language) or "",
                "other_texts": [(code, text) for code, text in texts.items() if text and code != language],
                "ops": {op.pk for op in entry.operative_paragraphs.all()},
                "partners": {partner.pk for partner in entry.partners.all()},
                "partner_names": [partner_name(partner, get_language()) for partner in entry.partners.all()],
                "comments": comments_by_entry.get(entry.pk, []),
            }
        )
    return rows


def _commitment_rows(update, language, user):
    """The commitments this update makes, settles or still carries (pending from earlier periods),
    those `user` may read (the access policy: a commitment follows the update that promised it)."""
    commitments = policy.visible_to(
        user,
        Commitment.objects.filter(instrument=update.instrument)
        .select_related("promised_in__update__period", "delivered_in")
        .order_by("due_date", "pk"),
    )
    paragraph_numbers = {pk: number for number, pk in enumerate(update.entries.values_list("pk", flat=True), 1)}
    rows = []
    for commitment in commitments:
        own = commitment.promised_in_id is None or commitment.promised_in.update_id == update.pk
        if (
            not own
            and commitment.state != CommitmentState.PENDING
            and (commitment.delivered_in is None or commitment.delivered_in.update_id != update.pk)
        ):
            continue  # settled in an earlier period: not this draft's business
        descriptions = get_translations(commitment, "description")
        rows.append(
            {
                "commitment": commitment,
                "key": f"c{commitment.pk}",
                "own": own,
                "description": descriptions.get(language) or "",
                "shown_description": descriptions.get(language) or next((t for t in descriptions.values() if t), ""),
                "promised_period": commitment.promised_in.update.period.label if commitment.promised_in_id else "",
                "promised_paragraph": paragraph_numbers.get(commitment.promised_in_id),
                "delivered_paragraph": paragraph_numbers.get(commitment.delivered_in_id),
            }
        )
    return rows


def _partner_choices() -> list[dict]:
    """Every partner a paragraph may name, by name in the page's language, in alphabetical order."""
    page = get_language()
    choices = [
        {
            "pk": partner.pk,
            "code": partner.code,
            "name": partner_name(partner, page),
            "short": translated_text(partner, "short_name", page)[0] or "",
        }
        for partner in Partner.objects.filter(is_self=False)
    ]
    return sorted(choices, key=lambda choice: choice["name"].casefold())


def update_context(request, update) -> dict:
    user = request.user
    language = editing_language(request, update)
    returned = latest_return(update) if policy.allows(user, Ability.READ_REVIEW, update) else None
    comments_by_entry = {}
    if returned is not None:
        for remark in returned.paragraph_comments.all():
            comments_by_entry.setdefault(remark.entry_id, []).append(remark)
    mode = editing_mode(user, update)
    deadline = update.period.input_deadline
    operative_paragraphs = operative_paragraph_choices(update.instrument, language)
    entries = _entry_rows(update, language, comments_by_entry)
    for row in entries:
        row["op_choices"] = [choice for choice in operative_paragraphs if choice["pk"] in row["ops"]]
    return {
        "update": update,
        "instrument": update.instrument,
        "period": update.period,
        "proposal_evidence": proposal_evidence(update, language),
        "mode": mode,
        "language": language,
        "languages": [
            (code, name) for code, name in settings.LANGUAGES if code in ("en", "zh-hans") or code == language
        ],
        "entries": entries,
        # Editable in the editor; read only on the review page and for everyone else who may read them.
        "commitments": _commitment_rows(update, language, user),
        "commitment_states": CommitmentState.choices,
        "statuses": ImplementationStatus.choices,
        "operative_paragraphs": operative_paragraphs,
        "partners": _partner_choices() if mode else [],
        "summary": get_translations(update, "summary").get(language) or "",
        "returned": returned if update.workflow_state == WorkflowState.RETURNED else None,
        "can_submit": mode == "draft",
        "can_review": may_review(user, update),
        "return_form": ReturnForm(),
        "events": update_log(user, update, limit=50),
        "overdue_days": max(0, (timezone.localdate() - deadline).days) if deadline else 0,
        "new_row": {"key": "__KEY__", "text": "", "ops": set(), "partners": set(), "comments": [], "other_texts": []},
        "new_commitment": {"key": "__KEY__", "own": True, "description": ""},
    }


class UpdateView(TemplateView):
    """Anyone who may see the update; 404 for anyone else (drafts stay private)."""

    template_name = "reporting/update.html"

    def get_context_data(self, **kwargs):
        update = visible_update_or_404(self.request.user, kwargs["pk"])
        return {**super().get_context_data(**kwargs), **update_context(self.request, update)}


def proposal_evidence(update, language: str) -> list[str]:
    """The sentences of the status the paragraphs suggest, in the editing language, or in the
    first language that has them."""
    evidence = update.proposed_evidence or {}
    return evidence.get(language) or next((found for found in evidence.values() if found), [])


def _status_fragment(request, update, *, result=None, errors=(), status=200, language=""):
    """The autosave's answer: what was saved (or why not), the new version, the new paragraphs'
    ids and, after a save, the status the paragraphs now suggest (each swapped into its place)."""
    context = {"update": update, "result": result, "errors": errors, "saved_at": timezone.localtime()}
    if result is not None:
        context["proposal_evidence"] = proposal_evidence(update, language)
    return render(request, "reporting/_save_status.html", context, status=status)


def conflict_context(update, expected: int, posted: dict, language: str) -> dict:
    """What changed between the version the user started from and the stored one, and the text
    the user tried to save, so that nothing typed is lost."""
    base = version_before(update, expected)
    current = snapshot(update)
    changes = []
    if base is not None:
        for pair in paired_entries(base.snapshot, current):
            if not pair.changed:
                continue
            before = (pair.before or {}).get("text", {}).get(language, "")
            after = (pair.after or {}).get("text", {}).get(language, "")
            changes.append(
                {
                    "added": pair.before is None,
                    "deleted": pair.after is None,
                    "diff": diff_html(before, after),
                    "text_changed": before != after,
                }
            )
    yours = [draft.text.get(language, "") for draft in posted["entries"] if draft.text.get(language, "").strip()]
    last = update.versions.order_by("-version").select_related("user").first()
    return {
        "update": update,
        "expected": expected,
        "current_version": update.version,
        "changes": changes,
        "yours": yours,
        "base_known": base is not None,
        "last": last,
        "status_changed": base is not None and base.snapshot["status"] != current["status"],
    }


class UpdateSaveView(View):
    """The editor's save: from autosave (htmx, answers a status fragment) or the Save button."""

    def post(self, request, pk):
        update = visible_update_or_404(request.user, pk)
        language = editing_language(request, update)
        try:
            posted = parse_editor_post(request.POST, language=language)
            result = save_draft(update, acting_user=request.user, **posted)
        except PermissionDenied as error:
            if not request.htmx:
                raise
            return _status_fragment(request, update, errors=[str(error)], status=403)
        except StaleUpdate as error:
            update.refresh_from_db()
            context = conflict_context(update, error.expected_version, posted, language)
            return render(
                request,
                "reporting/_conflict.html" if request.htmx else "reporting/conflict_page.html",
                context,
                status=409,
            )
        except ValidationError as error:
            if not request.htmx:
                messages.error(request, error_text(error))
                return redirect(_editor_url(update, language))
            return _status_fragment(request, update, errors=error.messages, status=400)
        if not request.htmx:
            messages.success(request, _("Saved: version %(version)s.") % {"version": result.update.version})
            return redirect(_editor_url(update, language))
        return _status_fragment(request, result.update, result=result, language=language)


def _editor_url(update, language):
    return reverse("reporting:update", args=[update.pk]) + f"?lang={language}"


class UpdateSubmitView(View):
    """Submit for review; the editor's content, when posted along, is saved first (with the same
    version check), so that what is submitted is exactly what the focal point sees."""

    def post(self, request, pk):
        update = visible_update_or_404(request.user, pk)
        language = editing_language(request, update)
        if "version" in request.POST:
            try:
                save_draft(update, acting_user=request.user, **parse_editor_post(request.POST, language=language))
            except ValidationError as error:  # a stale version too: nothing is submitted unsaved
                messages.error(request, error_text(error))
                return _back(request, update, language)
        run_step(request, actions.submit_update, update, success=_("Submitted for review. Reviewers have been told."))
        return _back(request, update, language)


def _back(request, update, language):
    url = _editor_url(update, language)
    if request.htmx:
        response = HttpResponse()
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class UpdateReturnView(View):
    def post(self, request, pk):
        update = visible_update_or_404(request.user, pk)
        form = ReturnForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say what needs changing: a returned update needs a comment."))
            return _back(request, update, editing_language(request, update))
        run_step(
            request,
            actions.return_update,
            update,
            comment=form.cleaned_data["comment"],
            paragraph_comments=ReturnForm.paragraph_comments(request.POST),
            success=_("Returned to the focal points with your comments."),
        )
        return _back(request, update, editing_language(request, update))


class UpdateApproveView(View):
    def post(self, request, pk):
        update = visible_update_or_404(request.user, pk)
        run_step(
            request,
            actions.approve_update,
            update,
            success=_("Approved. It will be public when the period is published."),
        )
        return _back(request, update, editing_language(request, update))
