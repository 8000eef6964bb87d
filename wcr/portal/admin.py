"""The portal's models are not in the admin: routing rules are edited by the lead partner's
team leads and the network coordinator on the staff page (``/mitarbeitende/weiterleitung/``)
or loaded with ``manage.py routing_rules --load``, both validated and audited; an admin form
would bypass both (docs/routing.md)."""
