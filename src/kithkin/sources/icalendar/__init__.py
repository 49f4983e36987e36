"""iCalendar (RFC 5545): calendars and invites in (:mod:`.calendars`, :mod:`.invites`), invitations and
reminders out (:mod:`.invitation`, :mod:`.reminders`)."""
