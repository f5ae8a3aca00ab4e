"""Arabic pages write figures as UN Arabic documents with Latin digits do, and as CLDR's Arabic
with Latin digits does: digits grouped in threes with commas, a point before the decimals
($1,858,000.00). Django's Arabic default groups nothing (NUMBER_GROUPING 0: $1858000,00), so the
thousands separators were lost."""

from django.conf.locale.ar.formats import *  # noqa: F403 (dates and times stay Django's)

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
