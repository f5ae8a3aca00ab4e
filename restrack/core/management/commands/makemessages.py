"""`restrack makemessages`: Django's, also finding the strings marked with `_lazy`.

Modules that need both translations now and lazy ones import `gettext_lazy as _lazy`
(restrack.publish.paging, restrack.registry.filtersets, ...); xgettext knows only Django's own
names, so without this their strings never reached the catalogues and the pages showed them in
English."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_lazy"]
