"""What leaves the app: the CSV spreadsheet and the FHIR bundle."""
