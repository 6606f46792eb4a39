"""reports layer of the PerfDesk core."""
