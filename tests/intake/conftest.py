from tests.intake.fixtures import intake_settings  # noqa: F401  (autouse)
