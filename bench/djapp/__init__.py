"""Django models of the benchmark tables (managed=False: the tables are fazhi's own)."""
