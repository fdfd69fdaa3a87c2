"""Measuring the coder: gold formats (:mod:`.gold`), scoring (:mod:`.score`) and peer suites (:mod:`.peer`)."""
