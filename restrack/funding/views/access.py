"""Who may open the secretariat's funding pages: those the policy lets keep funding."""

from restrack.accounts.choices import Ability
from restrack.accounts.mixins import AbilityRequiredMixin


class FundingEditorRequiredMixin(AbilityRequiredMixin):
    """Coordinators, finance officers and administrators (Ability.EDIT_FUNDING)."""

    ability = Ability.EDIT_FUNDING
