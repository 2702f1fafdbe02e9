"""People: users, roles, signing up and in, profile."""
