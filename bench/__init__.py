"""PerfDesk benchmarks: every figure printed as a ratio to a baseline measured in the same run."""
