"""`{% url %}` for every template (a builtin in settings.TEMPLATES, so it replaces Django's): the
same tag, whose answers for views named with text and number arguments are remembered per
language, script prefix, URLconf and current app (restrack.core.links.cached_reverse). Django's
tag resolves the URL again on each use: a quarter of a millisecond each, and a page's navigation,
tables and links use it dozens of times. Other arguments (model instances, lazy text) go through
Django's tag unchanged."""

from __future__ import annotations

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from restrack.core.links import cached_reverse

register = template.Library()

REMEMBERED = (str, int)


class RememberedURLNode(defaulttags.URLNode):
    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {name: value.resolve(context) for name, value in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        values = [*args, *kwargs.values()]
        if not isinstance(view_name, str) or not all(type(value) in REMEMBERED for value in values):
            return super().render(context)
        try:
            url = cached_reverse(view_name, *args, current_app=_current_app(context), **kwargs)
        except NoReverseMatch:
            if not self.asvar:
                raise
            url = ""  # as Django's tag: `{% url … as name %}` fails quietly
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


def _current_app(context) -> str | None:
    """As Django's tag finds it: the request's current_app, else its resolved namespace."""
    request = getattr(context, "request", None)
    current_app = getattr(request, "current_app", None)
    if current_app is None:
        current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
    return current_app


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
