"""Date and number formats where Django's locale defaults do not suit the platform's readers
(``FORMAT_MODULE_PATH``). Languages without a module here use Django's own formats: German
``01.12.2026`` / ``1. Dezember 2026``, Ukrainian ``01.12.2026``, Turkish ``01 Aralık 2026``.
Each module's first ``DATE_INPUT_FORMATS`` entry is the format the date fields' hint shows
(``wcr.core.dates.date_input_hint``); ISO dates (what date pickers send) are always accepted."""
