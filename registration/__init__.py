"""Registration forms, registrations, capacity and waiting list; badges, check-in, certificates."""
