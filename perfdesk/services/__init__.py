"""services layer of the PerfDesk core."""
