"""The domain rules: rounding, bands, methods, the index of an entity-year and the summary of one."""
