"""Synthetic data for benchmarks and tests: curated data in the ``data/`` format (:mod:`.data`) and
report texts in the CBI layouts (:mod:`.reports`). Deterministic for a seed; imports only the schema."""
