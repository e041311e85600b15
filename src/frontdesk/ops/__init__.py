"""Operations: serving, the demo, health checks, the worker."""
