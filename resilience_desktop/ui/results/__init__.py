"""Results views: dashboard with its charts, action plan."""
