"""Models of portfolio; see the app's services for how they change."""
