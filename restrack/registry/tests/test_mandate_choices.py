"""The registry's vocabulary of operative verbs and addressees is the classifier's
(restrack.reading.mandates, which cannot import Django), and both say alike what a mandate is."""

from restrack.reading import mandates
from restrack.registry.choices import MANDATE_ACTIONS, Addressee, OperativeAction


def test_the_classifier_and_the_registry_agree_on_what_a_mandate_is():
    assert set(mandates.ASKING) == {str(action) for action in MANDATE_ACTIONS}
    parties = {mandates.SECRETARIAT, mandates.MEMBER_STATES, mandates.BOARD, mandates.PARTNERS, mandates.BODY}
    assert parties <= set(Addressee.values)
    verbs = {kind for kind, _pattern in mandates._VERBS} | {mandates.OTHER}
    assert verbs == set(OperativeAction.values)
