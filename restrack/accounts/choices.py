"""The roles people have in the reporting cycle, and what the access policy lets them do."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("administrator")
    COORDINATOR = "coordinator", _("coordinator")
    FOCAL_POINT = "focal_point", _("focal point")
    REVIEWER = "reviewer", _("reviewer")
    FINANCE_OFFICER = "finance_officer", _("finance officer")
    VIEWER = "viewer", _("viewer (Member State)")


class Ability(models.TextChoices):
    """What an action may need the acting user to be allowed (restrack.accounts.policy.ABILITIES).
    The label completes "… may not …" in refusals."""

    CREATE_PERIOD = "period.create", _("create reporting periods")
    EDIT_PERIOD = "period.edit", _("edit reporting periods")
    OPEN_PERIOD = "period.open", _("open a reporting period")
    PUBLISH_PERIOD = "period.publish", _("publish a reporting period")
    SEND_REMINDERS = "period.remind", _("send reminders")
    DRAFT_UPDATE = "update.draft", _("draft this update")
    REVIEW_UPDATE = "update.review", _("return or approve updates")
    READ_REVIEW = "update.read_review", _("read the reviewers' comments on this update")
    CORRECT_UPDATE = "update.correct", _("correct published updates")
    REVERT_UPDATE = "update.revert", _("revert updates")
    IMPORT_REPORT = "report.import", _("import progress reports")
    GENERATE_REPORT = "report.generate", _("write the Executive Director's report")
    EDIT_FUNDING = "funding.edit", _("change funding figures or the funding window's books")
    EDIT_REGISTRY = "registry.edit", _("change the registry")
    ASSIGN_FOCAL_POINTS = "accounts.assign", _("assign focal points to instruments")
    ISSUE_TOKENS = "accounts.tokens", _("issue or revoke other people's API tokens")
    MANAGE_PEOPLE = "accounts.manage", _("give people roles")
