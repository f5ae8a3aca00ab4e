"""Amounts of money as people type them and as pages show them: the one parser and the one
formatter every page, import and API answer uses.

`parse_amount` reads what a person typed (or a number a spreadsheet or a JSON body holds) into an
exact Decimal, and refuses, with a message saying how to write it, anything whose figure is not
certain. The rule, which never changes a figure silently:

- Spaces of any width (U+0020, U+00A0, U+202F, U+2009, the ideographic space), apostrophes and the
  Arabic thousands separator (U+066C) only separate groups of three digits; the Arabic decimal
  separator (U+066B) is only a decimal mark.
- A comma and a point are read by what the text itself says when it can: when both appear, the
  last is the decimal mark and the other separates thousands (`1,500,000.50`, `1.500.000,50`);
  one that appears twice or more separates thousands (`1,500,000`, `1.500.000`); one followed by
  other than three digits is a decimal mark (`1500000.5`, `1,5`).
- One separator followed by exactly three digits (`1,500`, `1.500`) means a thousand in some
  countries and a decimal in others: it is read as the page's language writes numbers
  (Django's THOUSAND_SEPARATOR: `1,500` is fifteen hundred in English and Chinese) and refused,
  naming both readings, when the language writes its decimals with it (`1.500` on an English
  page, `1,500` on a French one).
- A comma (or point) that the page's language uses to separate thousands but that is not followed
  by three digits (`1,5` on an English page) is refused too, naming both readings, instead of
  being dropped (which read `1,5` as 15).

So the same text gives the same figure in every language, or is refused: never two figures.

Also read: full-width digits and separators (NFKC), Arabic-Indic digits, a `USD`, `US$` or `$`
before or after the number and `美元` after it, `万` (10⁴) and `亿` (10⁸) after it (`150万`,
`1.5亿`), a leading minus (`-`, U+2212) where negative amounts are allowed. Any other currency, a
word such as `million`, or anything else is refused with a message that shows how to write the
amount in the page's language.

`format_amount` shows an amount with the thousands separator and decimal mark of the page's
language (`$1,858,000.00`; `1 858 000,00 $` is not used: the sign stays in front), and
`parse_amount(format_amount(x))` is `x` in every language.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.formats import get_format, number_format
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

CENT = Decimal("0.01")
LARGEST_DIGITS = 24  # before the decimal point; exact arithmetic has 28 significant digits
EXAMPLE = Decimal("1858000.50")
GROUP_ONLY = {" ", "'", "\u066c"}  # after NFKC every space is U+0020; U+2019 becomes "'" below
DECIMAL_ONLY = "\u066b"
MARKS = {",", "."}
MINUS_SIGNS = {"-", "\u2212", "\u2012", "\u2013", "\ufe63"}
APOSTROPHES = {"\u2019", "\u02bc", "\u2032"}
MULTIPLIERS = {"万": Decimal(10) ** 4, "亿": Decimal(10) ** 8}
USD_PREFIXES = ("US$", "USD", "$")
USD_SUFFIXES = ("USD", "美元", "$")
NUMBER_CHARS = r"[-0-9,.' \u066b\u066c万亿]+"
CURRENCY = r"[A-Za-z]{3}|[€£¥₹₽元]|人民币|欧元|英镑|日元"
OTHER_CURRENCY_RE = re.compile(rf"^(?:(?P<before>{CURRENCY}) ?{NUMBER_CHARS}|{NUMBER_CHARS} ?(?P<after>{CURRENCY}))$")
SCIENTIFIC_RE = re.compile(r"^[0-9]+(\.[0-9]+)?[eE][-+]?[0-9]{1,3}$")
# Text read the same in every language: digits alone, or with commas between groups and a decimal
# point after them, or with two commas or more ($ allowed in front).
COMMON_RE = re.compile(r"\$?([0-9]+|[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]+|[0-9]{1,3}(?:,[0-9]{3}){2,})")
POINT_DECIMAL_RE = re.compile(r"\$?([0-9]+\.[0-9]{1,2})")  # a decimal point where "." is no thousands separator
NUMBER_RE = re.compile(r"^[0-9][0-9,.' \u066b\u066c]*$|^[.,\u066b][0-9]+$")


class AmountError(ValidationError):
    """An amount that cannot be read with certainty; the message says why and how to write it."""


def _locale_marks(language: str | None) -> tuple[str, str]:
    """The decimal mark and thousands separator of `language` (the active one by default)."""
    return _marks_of(language or get_language() or settings.LANGUAGE_CODE)


@functools.lru_cache(maxsize=32)
def _marks_of(language: str) -> tuple[str, str]:
    decimal = get_format("DECIMAL_SEPARATOR", lang=language)
    group = get_format("THOUSAND_SEPARATOR", lang=language)
    group = " " if group and unicodedata.normalize("NFKC", group).isspace() else group
    return decimal, group


@receiver(setting_changed)
def _forget_marks(*, setting, **kwargs) -> None:
    """Tests that change the number formats see the change (Django empties its own cache too)."""
    if setting in {"FORMAT_MODULE_PATH", "DECIMAL_SEPARATOR", "THOUSAND_SEPARATOR", "LANGUAGES", "LANGUAGE_CODE"}:
        _marks_of.cache_clear()


def format_amount(
    amount,
    currency: str | None = "USD",
    *,
    places: int | None = 2,
    language: str | None = None,
) -> str:
    """`amount` with the thousands separator and decimal mark of the page's language: '$1,858,000.00'
    for USD, 'EUR 1,858,000.00' for another currency, '1,858,000.00' without one (an input's value).
    `places=None` keeps the amount's own decimals. Empty for None."""
    if amount is None or amount == "":
        return ""
    value = Decimal(amount) if not isinstance(amount, Decimal) else amount
    if places is None:
        places = max(-value.as_tuple().exponent, 0) if value.is_finite() else 0
    if language:
        from django.utils import translation

        with translation.override(language):
            digits = number_format(abs(value), places, force_grouping=True)
    else:
        digits = number_format(abs(value), places, force_grouping=True)
    sign = "\u2212" if value < 0 else ""
    if not currency:
        return f"{sign}{digits}"
    if currency.upper() == "USD":
        return f"{sign}${digits}"
    return f"{sign}{currency.upper()}\u00a0{digits}"


def parse_amount(
    value,
    *,
    places: int = 2,
    max_digits: int | None = None,
    allow_negative: bool = False,
    language: str | None = None,
) -> Decimal | None:
    """The exact amount in `value` (text typed by a person, or an int, Decimal or float), rounded to
    nothing: more than `places` decimals is refused. None for an empty value, which means not
    reported (never 0). Raises AmountError with a message that names the value and, when the text
    could be read two ways, both readings."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise AmountError(_("%(value)s is a true/false value, not an amount.") % {"value": str(value).upper()})
    if isinstance(value, (int, Decimal)):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    else:
        text = str(value).strip()
        common = COMMON_RE.fullmatch(text)  # a fast path for what most cells hold
        if common:
            amount = Decimal(common[1].replace(",", ""))
        else:
            common = POINT_DECIMAL_RE.fullmatch(text)
            if common and _locale_marks(language)[1] != ".":
                amount = Decimal(common[1])
            else:
                amount = _read_text(text, language)
    return _checked(amount, value, places=places, max_digits=max_digits, allow_negative=allow_negative)


def _checked(amount: Decimal, value, *, places: int, max_digits: int | None, allow_negative: bool) -> Decimal:
    quantum = Decimal(1).scaleb(-places)
    max_digits = min(max_digits or LARGEST_DIGITS, LARGEST_DIGITS)
    if amount.is_finite() and amount >= 0 and amount.adjusted() < max_digits and amount == amount.quantize(quantum):
        return amount.quantize(quantum) + 0  # + 0: no negative zero
    shown = _shown(value)
    if not amount.is_finite():
        raise _not_an_amount(shown)
    if amount < 0 and not allow_negative:
        raise AmountError(_("%(value)s is negative; amounts are zero or more.") % {"value": shown})
    if amount != 0 and amount.adjusted() >= max_digits:
        raise AmountError(
            _("%(value)s is too large: amounts have at most %(digits)d digits before the decimal point.")
            % {"value": shown, "digits": max_digits}
        )
    if amount != amount.quantize(quantum):
        raise AmountError(
            _("%(value)s has more than two decimal places; amounts are in USD and cents.") % {"value": shown}
        )
    return amount.quantize(quantum) + 0  # + 0: no negative zero


def _shown(value) -> str:
    """The value as messages quote it: as typed, with non-breaking spaces shown as spaces."""
    return re.sub(r"[\u00a0\u202f\u2009]", " ", str(value)).strip()


def _not_an_amount(value: str) -> AmountError:
    return AmountError(_("%(value)r is not an amount in USD.") % {"value": _shown(value)})


def _reading(amount: Decimal, language: str | None) -> str:
    """One reading of an ambiguous amount as the page's language writes it, without trailing zeros."""
    places = max(-amount.normalize().as_tuple().exponent, 0)
    return format_amount(amount, None, places=places, language=language)


def _normalize(text: str) -> str:
    if text.isascii():
        return " ".join(text.split())
    text = unicodedata.normalize("NFKC", text)
    out = []
    for char in text:
        if char.isspace():
            out.append(" ")
        elif char in APOSTROPHES:
            out.append("'")
        elif char in MINUS_SIGNS:
            out.append("-")
        elif char.isdecimal():
            out.append(str(unicodedata.decimal(char)))
        else:
            out.append(char)
    return re.sub(" +", " ", "".join(out)).strip()


def _strip_currency(text: str, original: str) -> str:
    """`text` without a US dollar sign or code; an amount in another currency is refused."""
    upper = text.upper()
    for prefix in USD_PREFIXES:
        if upper.startswith(prefix):
            return text[len(prefix) :].strip()
    for suffix in USD_SUFFIXES:
        if upper.endswith(suffix):
            return text[: -len(suffix)].strip()
    match = OTHER_CURRENCY_RE.match(text)
    if match:
        raise AmountError(
            _("%(value)r is in %(currency)s: amounts here are in US dollars; give the value in USD.")
            % {"value": _shown(original), "currency": (match["before"] or match["after"]).upper()}
        )
    return text


def _read_text(original: str, language: str | None) -> Decimal:
    text = _normalize(original)
    negative = False
    if text.startswith("-"):
        negative, text = True, text[1:].strip()
    text = _strip_currency(text, original)
    if text.startswith("-") and not negative:
        negative, text = True, text[1:].strip()
    multiplier = Decimal(1)
    if text and text[-1] in MULTIPLIERS:
        multiplier, text = MULTIPLIERS[text[-1]], text[:-1].strip()
        if text and text[-1] in MULTIPLIERS:  # 万亿: a trillion
            multiplier, text = multiplier * MULTIPLIERS[text[-1]], text[:-1].strip()
    if text.isdigit():  # no separator: one reading in every language
        amount = Decimal(text) * multiplier
        return -amount if negative else amount
    if SCIENTIFIC_RE.match(text):  # 1.5E+06, as some programs write large numbers
        amount = Decimal(text) * multiplier
        return -amount if negative else amount
    if not NUMBER_RE.match(text) or not text[-1].isdigit():
        raise _not_an_amount(original)
    amount = _read_number(text, original, language, multiplier) * multiplier
    return -amount if negative else amount


def _read_number(text: str, original: str, language: str | None, multiplier: Decimal = Decimal(1)) -> Decimal:
    """The digits and separators of `text` as a Decimal, by the rule in the module's docstring
    (a refusal names both readings times `multiplier`: '1,5万' could be 15,000 or 150,000)."""
    locale_decimal, locale_group = _locale_marks(language)
    if DECIMAL_ONLY in text:
        whole, _sep, fraction = text.rpartition(DECIMAL_ONLY)
        if DECIMAL_ONLY in whole or any(mark in fraction for mark in (*MARKS, *GROUP_ONLY)):
            raise _not_an_amount(original)
        if "," in whole and "." in whole:
            raise _not_an_amount(original)
        return _compose(whole, fraction, group_marks={*GROUP_ONLY, *MARKS}, original=original, language=language)
    marks = [char for char in text if char in MARKS]
    if not marks:
        return _compose(text, "", group_marks=GROUP_ONLY, original=original, language=language)
    if len(set(marks)) == 2:  # both: the last one is the decimal mark
        decimal = marks[-1]
        if marks.count(decimal) > 1:
            raise _not_an_amount(original)
        whole, _sep, fraction = text.rpartition(decimal)
        return _compose(
            whole, fraction, group_marks={*GROUP_ONLY, *MARKS - {decimal}}, original=original, language=language
        )
    mark = marks[0]
    if len(marks) > 1:  # twice or more: it separates thousands
        return _compose(text, "", group_marks={*GROUP_ONLY, mark}, original=original, language=language)
    whole, _sep, fraction = text.partition(mark)
    if any(char in GROUP_ONLY for char in fraction):  # "1.500 000": a separator of thousands
        return _compose(text, "", group_marks={*GROUP_ONLY, mark}, original=original, language=language)
    could_group = len(fraction) == 3 and _groups_well(whole, GROUP_ONLY)
    as_decimal = lambda: _compose(whole, fraction, group_marks=GROUP_ONLY, original=original, language=language)  # noqa: E731
    as_thousands = lambda: _compose(text, "", group_marks={*GROUP_ONLY, mark}, original=original, language=language)  # noqa: E731
    if could_group and mark == locale_group:
        return as_thousands()  # 1,500 on an English page
    if not could_group and mark != locale_group:
        return as_decimal()  # 1.5 anywhere; 1,5 on a French page
    # Either a thousands separator where the page's language writes decimals with it (1.500 on an
    # English page), or the page's thousands separator misplaced (1,5 on an English page).
    if could_group:
        one, other = as_decimal(), as_thousands()
    else:
        one, other = as_decimal(), Decimal(whole.replace(" ", "").replace("'", "") + fraction)
    raise AmountError(
        _(
            "%(value)r could be %(one)s or %(other)s: a %(mark)s separates thousands in some languages and "
            "decimals in others. Write the one you mean as %(one)s or %(other)s."
        )
        % {
            "value": _shown(original),
            "one": _reading(one * multiplier, language),
            "other": _reading(other * multiplier, language),
            "mark": pgettext("separator", "comma") if mark == "," else pgettext("separator", "point"),
        }
    )


def _groups_well(whole: str, group_marks) -> bool:
    """True when `whole` is digits in groups of three after a first group of one to three, or
    digits with no separator at all."""
    groups = re.split("[" + re.escape("".join(sorted(group_marks))) + "]", whole)
    if len(groups) == 1:
        return groups[0].isdigit()
    return (
        all(group.isdigit() for group in groups)
        and 1 <= len(groups[0]) <= 3
        and all(len(group) == 3 for group in groups[1:])
    )


def _compose(whole: str, fraction: str, *, group_marks, original: str, language: str | None) -> Decimal:
    if fraction and not fraction.isdigit():
        raise _not_an_amount(original)
    if whole and not _groups_well(whole, group_marks):
        raise AmountError(
            _(
                "%(value)r has its digits grouped unevenly: separate thousands in groups of three, "
                "such as %(example)s, or leave the separators out."
            )
            % {"value": _shown(original), "example": format_amount(EXAMPLE, None, language=language)}
        )
    digits = re.sub("[" + re.escape("".join(sorted(group_marks))) + "]", "", whole) or "0"
    try:
        return Decimal(f"{digits}.{fraction}" if fraction else digits)
    except InvalidOperation:
        raise _not_an_amount(original) from None
