"""The working pages of the cycle (signed-in people): the workspace, the coordinator's period
board, the update editor and review, and the update history."""

from django.urls import path

from restrack.reporting.views import confirm, history, introduction, periods, updates

app_name = "reporting"

urlpatterns = [
    path("", periods.WorkspaceView.as_view(), name="workspace"),
    path("periods/new/", periods.PeriodCreateView.as_view(), name="period_create"),
    path("periods/<str:label>/", periods.PeriodBoardView.as_view(), name="period_board"),
    path("periods/<str:label>/settings/", periods.PeriodSettingsView.as_view(), name="period_settings"),
    path("periods/<str:label>/introduction/", introduction.IntroductionView.as_view(), name="period_introduction"),
    path("periods/<str:label>/sessions/new/", periods.PeriodAddSessionView.as_view(), name="period_add_session"),
    path("periods/<str:label>/open/", confirm.PeriodOpenView.as_view(), name="period_open"),
    path("periods/<str:label>/publish/", confirm.PeriodPublishView.as_view(), name="period_publish"),
    path("periods/<str:label>/remind/", periods.PeriodRemindView.as_view(), name="period_remind"),
    path("updates/<int:pk>/", updates.UpdateView.as_view(), name="update"),
    path("updates/<int:pk>/save/", updates.UpdateSaveView.as_view(), name="update_save"),
    path("updates/<int:pk>/submit/", updates.UpdateSubmitView.as_view(), name="update_submit"),
    path("updates/<int:pk>/return/", updates.UpdateReturnView.as_view(), name="update_return"),
    path("updates/<int:pk>/approve/", updates.UpdateApproveView.as_view(), name="update_approve"),
    path("updates/<int:pk>/history/", history.UpdateHistoryView.as_view(), name="update_history"),
    path("updates/<int:pk>/revert/", history.UpdateRevertView.as_view(), name="update_revert"),
]
