"""Frontdesk: customer-facing web systems that keep their privacy policy's promises."""

__version__ = "0.1.0"
