"""The data layer: connect, migrations, the one writer, building the database (init) and the synthetic demo."""
