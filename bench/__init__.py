"""Benchmarks: `bench/run` from the repository root; results in docs/benchmarks.md."""
