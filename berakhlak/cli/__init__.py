"""`python -m berakhlak ...`: the command line."""
