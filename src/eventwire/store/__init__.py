"""Storing, deduplicating and exporting coded events."""
