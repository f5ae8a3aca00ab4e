"""The registry's endpoints on the API's router (restrack.api.urls)."""

from restrack.api.registry import texts, views


def register(router) -> None:
    router.register("bodies", views.GoverningBodyViewSet, basename="body")
    router.register("sessions", views.SessionViewSet, basename="session")
    router.register("instruments", views.InstrumentViewSet, basename="instrument")
    router.register("instrument-links", views.InstrumentLinkViewSet, basename="instrument-link")
    router.register("operative-paragraphs", views.OperativeParagraphViewSet, basename="operative-paragraph")
    router.register("paragraph-overlaps", views.ParagraphOverlapViewSet, basename="paragraph-overlap")
    router.register("partners", views.PartnerViewSet, basename="partner")
    router.register("documents", views.DocumentViewSet, basename="document")
    router.register("resolution-texts", texts.ResolutionTextViewSet, basename="resolution-text")
