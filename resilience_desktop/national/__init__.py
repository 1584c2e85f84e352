"""The national platform's side: a store of every city's bundles and the importer (no Qt)."""

from .importer import OUTCOMES, ImportResult, import_bundle, import_bundles
from .store import DATA_TABLES, NationalStore, open_store
from .summary import city_summary, summary_csv, write_cities_gpkg

__all__ = ["DATA_TABLES", "ImportResult", "NationalStore", "OUTCOMES", "city_summary", "import_bundle",
           "import_bundles", "open_store", "summary_csv", "write_cities_gpkg"]
