"""Queue management as the QLess policy describes it."""
