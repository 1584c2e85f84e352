"""The map in the main window: the "map" view, File > Import > "Map layer…", View > Map.

:func:`install_view` creates the view and its status-bar labels (called by ``MainWindow`` when the
map is first shown); :func:`install` adds the menu entries (called from
``MainWindow._build_feature_menus``). Reading a file runs on the thread pool
(:mod:`resilience_desktop.ui.workers`) with a progress dialog that can cancel it; storing the
layers is one undoable command on the GUI thread.
"""

from __future__ import annotations

__all__ = ["install_view", "install", "import_map_layer", "start_import"]

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QProgressDialog

from ...i18n.catalog import tr
from ...safety.zips import ZIP_ERRORS
from ..dialogs.error_dialog import show_error
from .layer_commands import add_layers_command
from ..workers import Task, run_task

if TYPE_CHECKING:  # the view and the GIS readers (shapely, pyproj) are imported when the map is first used
    from .map_view import MapView

_LAST_DIR = "map/last_dir"


def install_view(window) -> MapView:
    from .map_view import MapView
    view = MapView(window.model, window.stack)
    view.import_button.clicked.connect(lambda: import_map_layer(window))
    window._add_view("map", view)
    window.map_view = view
    _add_status_labels(window, view)
    return view


def install(window, view_menu) -> None:
    from ..exchange.file_actions import add_file_action
    add_file_action(window.import_menu, tr("Map layer…"), "importMapLayer", lambda: import_map_layer(window),
                    lambda: window.model.ws is not None and not window.model.ws.read_only,
                    tip=tr("Copy a GeoPackage, Shapefile, GeoJSON, KML or CSV layer into the workspace"))
    window._action(view_menu, tr("&Map"), lambda: window.show_view("map"), "Ctrl+5", name="mapAction")
    export = QAction(tr("Map image…"), window.export_menu)
    export.setObjectName("exportMapImage")
    export.triggered.connect(lambda _checked=False: (window.show_view("map"), window.map_view.export_image()))
    window.export_menu.addAction(export)


def _add_status_labels(window, view: MapView) -> None:
    """The selection count and the cursor's WGS 84 coordinates, in the status bar while the map
    is shown, left of the completion line. The window builds the view when it is first shown and
    again after a language switch: the previous view's labels go first."""
    bar = window.statusBar()
    for name in ("mapCoordinates", "mapSelectionCount"):
        for old in bar.findChildren(QLabel, name):
            bar.removeWidget(old)
            old.deleteLater()
    completion = getattr(window, "completion_label", None)
    if completion is not None:  # re-added after the map's labels, so it stays the rightmost
        bar.removeWidget(completion)
    for label in (view.selection_label, view.coords_label):
        bar.addPermanentWidget(label)
        label.setVisible(window.stack.currentWidget() is view)
        window.stack.currentChanged.connect(
            lambda _i, label=label: label.setVisible(window.stack.currentWidget() is view))
    if completion is not None:
        bar.addPermanentWidget(completion)
        completion.show()


def import_map_layer(window) -> Task | None:
    """Ask for a file and import it in the background."""
    folder = str(window.settings.value(_LAST_DIR, str(Path.home())))
    from ...gis.io import SUFFIXES
    patterns = " ".join([f"*{s}" for s in SUFFIXES] + ["*.tif", "*.tiff", "*.img", "*.asc", "*.vrt"])
    path, _ = QFileDialog.getOpenFileName(window, tr("Import map layer"), folder,
                                          tr("Map layers ({patterns});;All files (*)", patterns=patterns))
    if not path:
        return None
    window.settings.setValue(_LAST_DIR, str(Path(path).parent))
    from ...gis.raster_layer import is_raster
    if is_raster(path):
        return start_raster_import(window, Path(path))
    options = {}
    if needs_encoding_choice(Path(path)):
        encoding = ask_encoding(window, Path(path).name)
        if encoding is False:
            return None
        if encoding:
            options["encoding"] = encoding
    return start_import(window, Path(path), **options)


def needs_encoding_choice(path: Path) -> bool:
    """A Shapefile (plain or zipped) whose text encoding no ``.cpg`` states (an empty one states nothing)."""
    suffix = path.suffix.lower()
    if suffix == ".shp":
        return not any(_states_something(p) for p in (path.with_suffix(".cpg"), path.with_suffix(".CPG")))
    if suffix == ".zip":
        import zipfile
        try:
            with zipfile.ZipFile(path) as z:
                infos = z.infolist()
        except (*ZIP_ERRORS, OSError):
            return False  # the import itself reports the broken file
        return (any(i.filename.lower().endswith(".shp") for i in infos)
                and not any(i.filename.lower().endswith(".cpg") and i.file_size > 2 for i in infos))
    return False


def _states_something(cpg: Path) -> bool:
    try:
        with cpg.open("rb") as fh:
            return bool(fh.read(64).strip())  # a code page's name, never more: a huge file is not read
    except OSError:
        return False


#: (label, encoding) offered when a Shapefile does not state its encoding; ``None``: GDAL's reading.
ENCODINGS = (("CP1251 (Windows Cyrillic)", "cp1251"), ("UTF-8", "utf-8"), ("CP866 (DOS Cyrillic)", "cp866"),
             ("ISO-8859-1 (Latin-1)", None))


def ask_encoding(window, name: str):
    """The encoding chosen for ``name``'s attributes; ``False`` when the user cancels."""
    from PySide6.QtWidgets import QInputDialog
    labels = [label for label, _e in ENCODINGS]
    choice, ok = QInputDialog.getItem(window, tr("Text encoding"), tr(
        "{name} does not say how its texts are encoded (no .cpg file). Most Shapefiles from the "
        "region use Windows Cyrillic:", name=name), labels, 0, False)
    if not ok:
        return False
    return dict(ENCODINGS)[choice]


def ask_raster_crs(window, name: str, map_crs: str | None) -> str | None:
    """The coordinate system chosen for raster ``name`` whose file gives none; ``None`` when cancelled."""
    from .crs_dialog import CrsDialog
    dialog = CrsDialog(None, window, title=tr("Coordinate system of {name}", name=name), note=tr(
        "{name} does not say which coordinate system its cells are in. Choose the one its coordinates are in "
        "(the map's is suggested):", name=name), suggest=map_crs)
    return dialog.chosen() if dialog.exec() and dialog.chosen() else None


def start_raster_import(window, path: Path) -> Task | None:
    """Pack the raster on the thread pool (tiles, compression, overviews), then store it (undoable).

    A raster whose file gives no coordinate system is placed by the one the user chooses (the
    search starts at the map's); one not placed on the earth at all is refused before any work."""
    from ...gis.raster_layer import check_georeferenced, pack_raster
    from .raster_commands import add_raster_command
    ws = window.model.ws
    if ws is None or ws.read_only:
        return None
    try:
        crs = check_georeferenced(path)
    except Exception as exc:  # unreadable, or not georeferenced: said, nothing read further
        show_error(window, exc, title=tr("Cannot import map layer"))
        return None
    given: str | None = None
    if crs is None:
        given = ask_raster_crs(window, path.name, ws.map_crs())
        if given is None:
            return None
    progress = QProgressDialog(tr("Reading {name}…", name=path.name), tr("Cancel"), 0, 0, window)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(400)
    progress.setAutoClose(False)

    def on_done(packed) -> None:
        _dismiss(progress)
        if window.model.ws is not ws or task.cancelled():
            return
        twin = next((r for r in ws.list_rasters() if r.sha256 == packed[2]), None)
        command = add_raster_command(ws, path, packed)
        try:
            window.model.execute(command)
        except Exception as exc:  # too large, no CRS: say why, nothing stored
            show_error(window, exc, title=tr("Cannot import map layer"))
            return
        window.show_view("map")
        extent = window.map_view.canvas.scene.extent
        raster = next((r for r in window.map_view.canvas.scene.rasters if r.id == command.result), None)
        window.map_view.canvas.zoom_to(raster.extent if raster is not None and raster.extent else extent)
        _raster_notes(window, path.stem, packed[0].crs, packed[0].bounds_wgs84, ws.list_cities(), twin)

    def on_error(exc: BaseException) -> None:
        _dismiss(progress)
        show_error(window, exc, title=tr("Cannot import map layer"))

    task = run_task(lambda *_a, **_k: pack_raster(path, given), on_done=on_done, on_error=on_error, parent=window)
    progress.canceled.connect(task.cancel)
    return task


def _show_notes(window, notes: list[str]) -> None:
    """Imported, and something about the file the user must know (a .dbf left behind, far away)."""
    if notes:
        box = QMessageBox(QMessageBox.Icon.Warning, tr("Imported with a warning"), "\n\n".join(notes),
                          QMessageBox.StandardButton.Ok, window, objectName="importNotes")
        box.open()  # not modal: the map is already there to look at


def _raster_notes(window, name: str, crs: str | None, wgs84, cities: list, twin=None) -> None:
    """A raster just imported: said when it lies far from every city, or repeats ``twin``."""
    from ...gis.crs import far_from_cities_wgs84
    far = far_from_cities_wgs84(name, crs, wgs84, cities) if crs else None
    notes = [far] if far else []
    if twin is not None:
        notes.append(tr("{name}: the same raster was already added as {existing} ({layer_id}); the map now holds "
                        "it twice", name=name, existing=twin.name, layer_id=twin.id))
    _show_notes(window, notes)


def _dismiss(progress: QProgressDialog) -> None:
    # hide(), not close(): closing a progress dialog emits canceled(), which would cancel the task.
    progress.hide()
    progress.deleteLater()


def _read_layers_noted(path: Path, cities: list, existing: list | None = None, **options) -> list:
    """``read_layers`` on the worker thread, each layer's notes including its distance from the workspace's
    cities when it lies far from all of them (every vertex is transformed: not work for the GUI thread), and
    the layer of ``existing`` it repeats, if it does."""
    from ...gis.crs import far_from_cities
    from ...gis.io import read_layers
    from ...workspace.layers import twice_note
    datas = read_layers(path, **options)
    for d in datas:
        far = far_from_cities(d, cities)
        if far:
            d.notes.append(far)
        twice = twice_note(existing or [], d)
        if twice:
            d.notes.append(twice)
    return datas


def start_import(window, path: Path, **options) -> Task | None:
    """Read ``path`` on the thread pool, then store its layers (undoable) and show the map."""
    ws = window.model.ws
    if ws is None or ws.read_only:
        return None
    progress = QProgressDialog(tr("Reading {name}…", name=path.name), tr("Cancel"), 0, 0, window)
    progress.setObjectName("importProgress")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(400)
    progress.setAutoClose(False)

    def on_progress(done: int, total: int) -> None:
        if total:
            progress.setMaximum(total)
            progress.setValue(min(done, total))

    def on_done(datas) -> None:
        _dismiss(progress)
        if window.model.ws is not ws:  # the workspace was closed or replaced meanwhile
            return
        command = add_layers_command(ws, datas, path.name)
        try:
            window.model.execute(command)
        except Exception as exc:
            show_error(window, exc, title=tr("Cannot import map layer"))
            return
        window.show_view("map")
        if command.result:
            window.map_view.canvas.zoom_to_layer(command.result[-1])  # the layer just imported, not everything
        else:
            window.map_view.canvas.zoom_to_full_extent()
        _show_notes(window, [n for d in datas for n in d.notes])

    def on_error(exc: BaseException) -> None:
        _dismiss(progress)
        if task.cancelled():
            return
        show_error(window, exc, title=tr("Cannot import map layer"))

    task = run_task(_read_layers_noted, path, ws.list_cities(), ws.list_layers(), on_done=on_done,
                    on_error=on_error, on_progress=on_progress, parent=window, **options)
    progress.canceled.connect(task.cancel)
    return task
