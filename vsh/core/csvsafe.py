"""Cells of CSV files that people open in a spreadsheet."""

import re

# Excel and LibreOffice run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def cell(value):
    """`value` safe to open in a spreadsheet: text that would start a formula gets a
    leading ' so it shows as typed. Plain numbers such as -3 are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        if not PLAIN_NUMBER.fullmatch(value):
            return "'" + value
    return value
