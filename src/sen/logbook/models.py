"""Models of logbook; see the app's services for how they change."""
