"""exchange layer of the PerfDesk core."""
