"""Amounts and dates as readers see them: `US $20`, `31 Dec 2031` (month names from assets/ui)."""

from __future__ import annotations

from datetime import date

from creatorpost.ui_text import ui_text

_SYMBOLS = {"USD": "US $", "EUR": "€", "GBP": "£"}


def money(cents: int, currency: str) -> str:
    """`US $20`, `US $12.50`, `€3`; other currencies as `12.50 XYZ`."""
    amount = f"{cents // 100}" if cents % 100 == 0 else f"{cents / 100:.2f}"
    symbol = _SYMBOLS.get(currency.upper())
    return f"{symbol}{amount}" if symbol else f"{amount} {currency.upper()}"


def format_date(day: date, lang: str) -> str:
    """`31 Dec 2031`, with the month's short name in `lang`."""
    months = ui_text("date.months", lang).split()
    month = months[day.month - 1] if len(months) == 12 else str(day.month)
    return f"{day.day} {month} {day.year}"
