"""Reporters: turn a run's results into text or machine-readable output. They never check anything."""
