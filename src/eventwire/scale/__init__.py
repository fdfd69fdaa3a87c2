"""Running the per-article work at scale: local processes or Apache Spark."""
