"""Account pages, one module per topic: auth (login, logout, password reset), security,
mfa (two-factor), people (management and invitations sent) and invitations (accepting)."""
