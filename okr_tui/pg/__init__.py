"""A workspace in a PostgreSQL database (install the `postgres` extra).

okr_tui.pg.store holds the store, okr_tui.pg.schema its tables and their
migrations, okr_tui.pg.connect the connections and their one-line errors,
okr_tui.pg.memory the records it keeps in memory.
"""
