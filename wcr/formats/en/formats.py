"""English as read in Europe: the day first, the month as a word where there is room.

Django's ``en`` formats are American (``12/01/2026`` for 1 December 2026), which readers in
the region take for 12 January."""

DATE_FORMAT = "j F Y"  # 1 December 2026
SHORT_DATE_FORMAT = "j M Y"  # 1 Dec 2026 (no numeric order to misread)
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
FIRST_DAY_OF_WEEK = 1  # Monday
# The first one is what the hint of a date field shows (DD/MM/YYYY). Never month first.
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 01/12/2026
    "%d.%m.%Y",  # 01.12.2026
    "%d %B %Y",  # 1 December 2026
    "%d %b %Y",  # 1 Dec 2026
    "%Y-%m-%d",  # 2026-12-01
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
