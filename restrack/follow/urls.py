"""/<lang>/follow/...: following the tracker by e-mail (restrack.follow.views)."""

from django.urls import path

from restrack.follow import views

app_name = "follow"

urlpatterns = [
    path("", views.FollowView.as_view(), name="follow"),
    path("sent/", views.sent, name="sent"),
    path("confirm/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path("stop/<str:secret>/", views.StopView.as_view(), name="stop"),
]
