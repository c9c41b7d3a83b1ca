"""Models of assessment; see the app's services for how they change."""
