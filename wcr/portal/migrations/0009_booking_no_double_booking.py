"""No double booking on PostgreSQL: an exclusion constraint over the counsellor and the booked
time including its buffers, for the bookings that hold the time.

``btree_gist`` lets the GiST index compare the counsellor's id with ``=``. SQLite has no such
constraint; there every writer is serialised (IMMEDIATE transactions) and the booking service
checks for an overlap inside that transaction (``wcr.portal.booking.services``).
"""

from django.db import migrations

CONSTRAINT = "booking_no_overlap_per_counsellor"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE portal_booking ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(counsellor_id WITH =, tstzrange(blocked_from, blocked_until, '[)') WITH &&) "
        "WHERE (status IN ('confirmed', 'attended', 'no_show'))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE portal_booking DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("portal", "0008_booking")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
