"""Harnesses for tests and benchmarks: the shared validation vectors, the image conformance table,
and the in-browser image runner. Never shipped to creators (build.py leaves it out of the wheel);
the image harness loads it from the source tree."""
