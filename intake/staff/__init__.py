"""The staff's side: the triage queue in the admin, with its filters and forms."""
