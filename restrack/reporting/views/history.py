"""Placeholder until the history page lands (being written now)."""

from django.http import Http404
from django.views import View


class UpdateHistoryView(View):
    def get(self, request, pk):
        raise Http404


class UpdateRevertView(View):
    def post(self, request, pk):
        raise Http404
