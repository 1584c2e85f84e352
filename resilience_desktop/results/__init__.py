"""Results without Qt: dashboard analysis, the action plan, presentation (workshop) screens."""
