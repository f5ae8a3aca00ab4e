"""A job's page, the progress area its page polls (htmx), and its file. A job someone may not see
(restrack.accounts.policy: the person who asked, and administrators) does not exist for them."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import ListView, TemplateView

from restrack.accounts import policy
from restrack.jobs.models import Job


def visible_job(user, pk: int) -> Job:
    return get_object_or_404(policy.visible_to(user, Job.objects.select_related("requested_by")), pk=pk)


class JobListView(LoginRequiredMixin, ListView):
    template_name = "jobs/job_list.html"
    context_object_name = "jobs"
    paginate_by = 50

    def get_queryset(self):
        return policy.visible_to(self.request.user, Job.objects.select_related("requested_by"))


class JobView(LoginRequiredMixin, TemplateView):
    template_name = "jobs/job.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "job": visible_job(self.request.user, kwargs["pk"])}


class JobProgressView(LoginRequiredMixin, TemplateView):
    """The progress area alone, which the pages poll until the job ends. When a finished job says
    where to go next (an import's preview), htmx is sent there (HX-Redirect)."""

    template_name = "jobs/_progress.html"

    def get(self, request, *args, **kwargs):
        job = visible_job(request.user, kwargs["pk"])
        response = self.render_to_response({"job": job})
        next_url = job.result.get("next_url") if job.state == "done" else None
        if next_url and request.GET.get("follow") == "1" and getattr(request, "htmx", False):
            response["HX-Redirect"] = next_url
        return response


@method_decorator(xframe_options_sameorigin, name="dispatch")  # an HTML report shows in the preview's frame
class JobFileView(LoginRequiredMixin, View):
    def get(self, request, pk: int) -> HttpResponse:
        job = visible_job(request.user, pk)
        if not job.has_file:
            raise Http404("This job has no file: it is not done, or its file was removed after the retention period.")
        inline = request.GET.get("inline") == "1" and job.result_type.startswith("text/html")
        return FileResponse(
            job.result_file.open("rb"), as_attachment=not inline, filename=job.result_name, content_type=job.result_type
        )
