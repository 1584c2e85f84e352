"""Entry point of the packaged app (PyInstaller): the same as the ``resilience-desktop`` command."""

import os
import sys
from pathlib import Path


def _gdal_data() -> None:
    """Point GDAL at the data files shipped in the folder (the wheels' own ``gdal_data``): without
    them GDAL warns "Cannot find gdalvrt.xsd" and cannot read some formats' definitions."""
    base = Path(getattr(sys, "_MEIPASS", ""))
    if not getattr(sys, "frozen", False) or os.environ.get("GDAL_DATA"):
        return
    for package in ("pyogrio", "rasterio", "fiona"):
        folder = base / package / "gdal_data"
        if (folder / "gdalvrt.xsd").is_file():
            os.environ["GDAL_DATA"] = str(folder)
            return


_gdal_data()

from resilience_desktop.cli.main import main  # noqa: E402 (after GDAL_DATA is set)

if __name__ == "__main__":
    sys.exit(main())
