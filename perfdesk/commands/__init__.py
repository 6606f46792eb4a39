"""Headless subcommands of `perfdesk`, one module each: `register(subparsers)` adds the parser."""
