"""Evaluations at the end of a placement: questions, services, selectors."""
