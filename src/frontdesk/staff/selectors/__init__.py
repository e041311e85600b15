"""Reads for the staff area; see the modules for the rules."""
