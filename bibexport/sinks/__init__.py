"""Sinks plugins (one file per plugin), registered through entry points."""
