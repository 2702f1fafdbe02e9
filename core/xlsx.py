"""Cells of XLSX workbooks (openpyxl's write-only sheets), safe for whatever text people typed."""
from datetime import date, datetime
from decimal import Decimal

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE


def text_cell(sheet, value, font=None, alignment=None) -> WriteOnlyCell:
    """A cell holding `value`: numbers and dates as themselves, anything else as text, never as a formula."""
    if not isinstance(value, (int, float, Decimal, date, datetime)) or isinstance(value, bool):
        # Control characters (a pasted comment may hold some) are not allowed in the file's XML.
        value = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # openpyxl takes any text starting with "=" for a formula: a name or organisation typed as
        # "=HYPERLINK(...)" stays that text. (Other leading signs, + - @, are only formulas when typed in.)
        cell.data_type = "s"
    if font:
        cell.font = font
    if alignment:
        cell.alignment = alignment
    return cell
