from perfdesk.cli import main

raise SystemExit(main())
