"""The tiny shared kernel: clock, ids, tokens, request context."""
