"""Conversations per placement: services (writing) and selectors (reading)."""
