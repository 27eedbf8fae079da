"""Everything RQ touches: queue names and enqueue helpers, the jobs, and the scheduler sweep."""
