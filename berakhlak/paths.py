"""Where things are on disk: the shipped data, the named queries, the migrations and the default
database. Imports nothing from the package, so any module may use it (the domain rules read
data/category_bands.csv without depending on the data layer)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
QUERIES_DIR = ROOT / "queries"
MIGRATIONS_DIR = ROOT / "berakhlak" / "data" / "migrations"
DEFAULT_DB = DATA_DIR / "berakhlak.duckdb"
