"""Arabic: Django's display formats (``1 ديسمبر، 2026``, ``01/12/2026``) with input formats to
match; without them Arabic date fields would fall back to the American month-first default."""

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 01/12/2026, as SHORT_DATE_FORMAT shows it
    "%d.%m.%Y",
    "%Y-%m-%d",
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y H:i"
FIRST_DAY_OF_WEEK = 6  # Saturday
