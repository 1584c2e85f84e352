"""The PDF report (Qt): layout of a report built by ``resilience_desktop.report``."""
