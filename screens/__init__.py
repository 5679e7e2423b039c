"""One module per screen of okr-tui. Screens stay thin: compose widgets, call the store."""
