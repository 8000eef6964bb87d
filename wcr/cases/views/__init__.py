"""The case workbench: lists, case page with timeline, people, companies, search, tasks, documents.

One module per sub-capability (``urls.py`` names them). Views validate input (400 with the field
named, nothing entered lost), fetch through the gate (``wcr.cases.access``) and call services.
htmx requests get the page's partial; everything works without JS.
"""
