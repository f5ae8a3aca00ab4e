"""`{% shared name [vary ...] from deferred %}…{% endshared %}`: a fragment of a public page kept in
the data cache (restrack.publish.memo) until the next public change, per page language and per
`vary` values. `deferred` (a memo.Deferred) gives a dict of the values the fragment shows: it is
computed only when the fragment is rendered, and its items are the fragment's context there.
With the data cache off the fragment is rendered each time, from the same values."""

from __future__ import annotations

from django import template

from restrack.publish import memo

register = template.Library()


class SharedNode(template.Node):
    def __init__(self, nodelist, name: str, vary, deferred):
        self.nodelist = nodelist
        self.name = name
        self.vary = vary
        self.deferred = deferred

    def _render(self, context) -> str:
        deferred = self.deferred.resolve(context)
        if not isinstance(deferred, memo.Deferred):
            raise template.TemplateSyntaxError(f"{{% shared {self.name} %}} needs a memo.Deferred, not {deferred!r}")
        values = deferred.value()
        with context.push(**values):
            return self.nodelist.render(context)

    def render(self, context) -> str:
        if not memo.enabled():
            return self._render(context)
        vary = [expression.resolve(context) for expression in self.vary]
        html, save = memo.lookup("fragment", self.name, vary)
        if html is memo.MISSING:
            html = self._render(context)
            save(html)
        return html


@register.tag
def shared(parser, token):
    bits = token.split_contents()
    if len(bits) < 4 or bits[-2] != "from":
        raise template.TemplateSyntaxError(f"{bits[0]} takes a name, values it varies on, then 'from' a Deferred")
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    return SharedNode(
        nodelist, bits[1], [parser.compile_filter(bit) for bit in bits[2:-2]], parser.compile_filter(bits[-1])
    )
