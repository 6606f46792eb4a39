"""PerfDesk Qt desktop layer. Imports perfdesk.services and perfdesk.domain only."""
