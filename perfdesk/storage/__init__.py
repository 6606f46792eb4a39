"""storage layer of the PerfDesk core."""
