from django.urls import path

from restrack.publish import embed_views, feeds, funding_views, mandate_views, partner_views, search_views, views

app_name = "publish"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("funding/", funding_views.FundingAnalysisView.as_view(), name="funding"),
    path("funding/under-funded/", funding_views.FundingUnderFundedView.as_view(), name="funding_under_funded"),
    path("funding/instruments/", funding_views.FundingInstrumentsView.as_view(), name="funding_instruments"),
    path("funding/trend/", funding_views.FundingTrendView.as_view(), name="funding_trend"),
    path("funding/mandates/", funding_views.FundingMandatesView.as_view(), name="funding_mandates"),
    path("funding/window/", funding_views.WindowView.as_view(), name="window"),
    path("funding/export.<str:format>", funding_views.FundingExportView.as_view(), name="funding_export"),
    path(
        "funding/ranking.<str:format>", funding_views.FundingRankingExportView.as_view(), name="funding_ranking_export"
    ),
    path(
        "resolutions/<int:prefix>/<int:sequence>/",
        views.InstrumentDetailView.as_view(),
        {"kind": "resolution"},
        name="resolution",
    ),
    path(
        "decisions/<int:prefix>/<int:sequence>/",
        views.InstrumentDetailView.as_view(),
        {"kind": "decision"},
        name="decision",
    ),
    path("periods/", views.PeriodListView.as_view(), name="period_list"),
    path("periods/compare/", views.PeriodCompareView.as_view(), name="period_compare"),
    path("periods/<str:label>/", views.PeriodDetailView.as_view(), name="period"),
    path("mandates/", mandate_views.MandateListView.as_view(), name="mandates"),
    path("mandates/overlaps/", mandate_views.OverlapListView.as_view(), name="overlaps"),
    path("partners/", partner_views.PartnerListView.as_view(), name="partner_list"),
    path("partners/<str:code>/", partner_views.PartnerDetailView.as_view(), name="partner"),
    path("search/", search_views.SearchView.as_view(), name="search"),
    # Atom feeds (restrack.publish.feeds), linked from the pages they follow.
    path("feed/", feeds.TrackerFeed(), name="feed"),
    path(
        "resolutions/<int:prefix>/<int:sequence>/feed/",
        feeds.InstrumentFeed(),
        {"kind": "resolution"},
        name="resolution_feed",
    ),
    path(
        "decisions/<int:prefix>/<int:sequence>/feed/",
        feeds.InstrumentFeed(),
        {"kind": "decision"},
        name="decision_feed",
    ),
    path("periods/<str:label>/feed/", feeds.PeriodFeed(), name="period_feed"),
    path("partners/<str:code>/feed/", feeds.PartnerFeed(), name="partner_feed"),
    path("search/feed/", feeds.SearchFeed(), name="search_feed"),
    # Embeds for other sites' iframes (restrack.publish.embed_views; restrack.core.csp lets them be framed).
    path("embed/", embed_views.TrackerEmbedView.as_view(), name="embed"),
    path(
        "embed/resolutions/<int:prefix>/<int:sequence>/",
        embed_views.InstrumentEmbedView.as_view(),
        {"kind": "resolution"},
        name="embed_resolution",
    ),
    path(
        "embed/decisions/<int:prefix>/<int:sequence>/",
        embed_views.InstrumentEmbedView.as_view(),
        {"kind": "decision"},
        name="embed_decision",
    ),
]
