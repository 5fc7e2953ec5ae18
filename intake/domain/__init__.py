"""The questionnaires, scoring, triage and follow-up rules: plain Python, no Django."""
