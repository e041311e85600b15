"""The tamper-evident audit log (QL-10, QL-18, FD-3)."""
