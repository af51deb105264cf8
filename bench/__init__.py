"""Benchmarks: throughput and latency as ratios against references measured in the same run."""
