"""domain layer of the PerfDesk core."""
