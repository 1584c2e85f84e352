"""The Scenarios view in the main window: the view itself and its View-menu entry.

:func:`install_view` is called from ``MainWindow._build_views`` and :func:`install` from
``MainWindow._build_feature_menus``. "Show on map" switches to the map view and highlights the
affected features with the canvas's selection.
"""

from __future__ import annotations

__all__ = ["install_view", "install", "show_on_map"]

from typing import TYPE_CHECKING

from ...i18n.catalog import tr

if TYPE_CHECKING:  # the view (and shapely, pyproj) is imported when it is first shown
    from .scenarios_view import ScenariosView


def install_view(window) -> ScenariosView:
    from .scenarios_view import ScenariosView
    view = ScenariosView(window.model, window.stack)
    view.setObjectName("scenariosView")
    view.sig_show_on_map.connect(lambda selection: show_on_map(window, selection))
    window._add_view("scenarios", view)
    window.scenarios_view = view
    return view


def install(window, view_menu) -> None:
    window._action(view_menu, tr("S&cenarios and exposure"), lambda: window.show_view("scenarios"), "Ctrl+6",
                   name="scenariosAction")


def show_on_map(window, selection: dict) -> None:
    """Show the map with ``{layer_id: [fid, ...]}`` selected (highlighted) and in view."""
    window.show_view("map")
    view = window.map_view
    hazard = window.scenarios_view.panel.hazard_raster()
    view.set_hazard_raster(*(hazard or (None, None)))
    view.refresh()
    overlay = None
    if window.model.ws is not None:
        try:
            overlay = window.scenarios_view.panel.hazard_overlay(window.model.ws.map_crs())
        except Exception:  # noqa: BLE001 - the highlight still shows; the zone is a help, not the result
            overlay = None
    view.canvas.set_overlay(*(overlay or (None, None)))
    view.canvas.set_selection(selection)
    if any(len(v) for v in selection.values()):
        view.canvas.zoom_to_selection()  # the affected assets, not the whole hazard layer
    elif overlay is not None and len(overlay[0]):
        import shapely
        view.canvas.zoom_to(tuple(shapely.total_bounds(overlay[0])))
