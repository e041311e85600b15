"""Production-like settings for the benchmark, plus one bare view as the baseline."""

from frontdesk.config.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
# The benchmark measures throughput, not the rate limiter's refusal: lift the ceilings far
# above what one machine can send (the limiter still counts every request).
FRONTDESK_RATE_LIMIT = "100000000/m"
FRONTDESK_RATE_LIMIT_WRITE = "100000000/m"
