"""Chinese pages group digits in threes with commas, as UN-Habitat's Chinese documents print dollar
amounts ($1,858,000); Django's Chinese default (no separator, groups of four) printed $1858000.00."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403 (dates and times stay Django's)

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
