"""Messaging: SMS backends (outbox, HTTP provider), inbound STOP, opt-outs."""
