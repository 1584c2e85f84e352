"""The national view: every city of a national store on one map and in one table, read-only.

Above: filters (country, region, scorecard, delivered since, name) and the headline numbers.
Left: the map; right: tabs with the cities × Essentials table, the reporting status, the
regional roll-up and Sendai E-2. Below: the selected city's trend and its revisions, with
"Open read-only" (the stored revision in the app's own assessment, dashboard and action-plan
views) and "Compare with" another revision or city. Nothing here writes to the store.
"""

from __future__ import annotations

__all__ = ["NationalView"]

from typing import Any

from PySide6.QtCore import QDate, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QDoubleSpinBox, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QMenu, QPushButton, QSplitter, QTableView, QTabWidget, QToolButton, QVBoxLayout, QWidget,
)

from ...i18n.catalog import current, tr
from ...national.store import NationalStore
from ...national.sendai import DEFAULT_E2_RULE
from ...national.views import DEFAULT_OVERDUE_MONTHS, city_revisions, city_trend, city_warnings, shown_url
from ...scorecard.registry import level_name
from .national_map_widget import NationalMapWidget
from .rows_model import ROW_ROLE, CityFilterProxy, RowsModel, percent_text
from .tables import city_columns, e2_columns, region_columns, status_columns
from .trend_widget import TrendWidget

_ANY = ""


def revision_key(assessment_id: str, revision: int) -> str:
    """A stored revision as combo-box data (a string survives Qt's variant conversion unchanged)."""
    return f"{assessment_id}#{revision}"


def parse_revision_key(key: str) -> tuple[str, int]:
    aid, rev = key.rsplit("#", 1)
    return aid, int(rev)


def _table(model: Any) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # a header's default indicator is descending: Z to A
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # Fit columns to the header and the first rows only: measuring all 1,000 rows' cells takes seconds.
    view.horizontalHeader().setResizeContentsPrecision(40)
    view.setAlternatingRowColors(False)
    return view


class NationalView(QWidget):
    """Shows one open :class:`NationalStore`; :meth:`set_store` replaces it (``None`` closes)."""

    sig_open_revisions = Signal(object, object)
    """Open stored revisions read-only: ``[(assessment_id, revision), ...]`` and the one to compare with (or None)."""
    sig_export = Signal(str)
    """Export asked: ``"pdf"``, ``"xlsx"`` (the national report), ``"e2-csv"`` or ``"e2-xlsx"``."""
    sig_loaded = Signal()
    """The store has been read and every table, the map and the headline show it."""
    sig_choose_basemap = Signal()
    """The user asked for an offline tile basemap (an MBTiles or PMTiles file) under the map."""
    sig_clear_basemap = Signal()
    """The user asked for no tile basemap."""
    sig_builtin_basemap_toggled = Signal(bool)
    """The built-in Natural Earth basemap was switched on (True) or off (False)."""
    sig_rule_changed = Signal(str)
    """A new E-2 rule was applied: its text (``preliminary:P1.1>=2, detailed:1.1>=4``)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.store: NationalStore | None = None
        self.data: dict[str, Any] = {"cities": [], "regions": [], "e2": None, "national": None}
        self.city_id: str | None = None
        self.revisions: list[dict[str, Any]] = []
        self.task: Any = None
        self.e2_rule = DEFAULT_E2_RULE
        self._generation = 0
        self._build()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        root = QVBoxLayout(self)
        head = QHBoxLayout()
        self.title = QLabel(tr("National store"), objectName="h2")
        self.source = QLabel("", objectName="muted")
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head.addWidget(self.title)
        head.addWidget(self.source, 1)
        head.addWidget(QLabel(tr("Overdue after (months):")))
        self.overdue = QDoubleSpinBox(decimals=0, minimum=1, maximum=120, value=DEFAULT_OVERDUE_MONTHS)
        self.overdue.valueChanged.connect(lambda _v: self.reload())
        head.addWidget(self.overdue)
        self.reload_button = QPushButton(tr("Reload"))
        self.reload_button.clicked.connect(self.reload)
        head.addWidget(self.reload_button)
        self.basemap_button = QToolButton(text=tr("Basemap"), objectName="nationalBasemap")
        self.basemap_button.setToolTip(tr("An offline MBTiles or PMTiles basemap under the cities"))
        self.basemap_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        basemaps = QMenu(self.basemap_button)
        self.builtin_basemap_action = basemaps.addAction(tr("Natural Earth (built in, offline)"))
        self.builtin_basemap_action.setCheckable(True)
        self.builtin_basemap_action.setChecked(True)
        self.builtin_basemap_action.toggled.connect(self.sig_builtin_basemap_toggled.emit)
        basemaps.addSeparator()
        basemaps.addAction(tr("Choose an MBTiles or PMTiles file…"), self.sig_choose_basemap.emit)
        basemaps.addAction(tr("No tile basemap"), self.sig_clear_basemap.emit)
        self.basemap_button.setMenu(basemaps)
        head.addWidget(self.basemap_button)
        self.export_button = QToolButton(text=tr("Export"), objectName="nationalExport")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        for text, kind in ((tr("National report (PDF)…"), "pdf"), (tr("National workbook (XLSX)…"), "xlsx"),
                           (tr("Sendai E-2 (CSV)…"), "e2-csv"), (tr("Sendai E-2 (XLSX)…"), "e2-xlsx")):
            menu.addAction(text, lambda kind=kind: self.sig_export.emit(kind))
        self.export_button.setMenu(menu)
        head.addWidget(self.export_button)
        root.addLayout(head)

        filters = QHBoxLayout()
        self.country = QComboBox(objectName="countryFilter")
        self.region = QComboBox(objectName="regionFilter")
        self.scorecard = QComboBox(objectName="scorecardFilter")
        for label, combo in ((tr("Country:"), self.country), (tr("Region:"), self.region),
                             (tr("Scorecard:"), self.scorecard)):
            filters.addWidget(QLabel(label))
            combo.setMinimumContentsLength(10)
            combo.currentIndexChanged.connect(lambda _i: self._filter_changed())
            filters.addWidget(combo)
        self.since_check = QCheckBox(tr("Delivered since"))
        self.since = QDateEdit(QDate.currentDate().addYears(-1), calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.since_check.toggled.connect(lambda _c: self._filter_changed())
        self.since.dateChanged.connect(lambda _d: self._filter_changed())
        self.search = QLineEdit(placeholderText=tr("Find a city"), clearButtonEnabled=True)
        self.search.textChanged.connect(lambda _t: self._filter_changed())
        for w in (self.since_check, self.since, self.search):
            filters.addWidget(w)
        root.addLayout(filters)
        self.headline = QLabel(tr("No national store is open."), objectName="banner")  # not an empty bar before one is
        self.headline.setWordWrap(True)
        root.addWidget(self.headline)

        self.map = NationalMapWidget()
        self.map.sig_city_clicked.connect(self.select_city)
        self.cities_model = RowsModel(city_columns(), self)
        self.proxy = CityFilterProxy(self)
        self.proxy.setSourceModel(self.cities_model)
        self.cities_table = _table(self.proxy)
        self.cities_table.setObjectName("citiesTable")
        self.cities_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.cities_table.selectionModel().currentRowChanged.connect(self._table_row_changed)
        self.status_model = RowsModel(status_columns(), self)
        self.status_proxy = CityFilterProxy(self)
        self.status_proxy.setSourceModel(self.status_model)
        self.status_table = _table(self.status_proxy)
        self.regions_model = RowsModel(region_columns(), self)
        self.regions_table = _table(self.regions_model)
        self.e2_model = RowsModel(e2_columns(), self)
        self.e2_proxy = CityFilterProxy(self)
        self.e2_proxy.setSourceModel(self.e2_model)
        self.e2_label = QLabel("")
        self.e2_label.setWordWrap(True)
        e2 = QWidget()
        e2_layout = QVBoxLayout(e2)
        e2_layout.setContentsMargins(0, 0, 0, 0)
        e2_layout.addWidget(self.e2_label)
        rule_row = QHBoxLayout()
        rule_row.addWidget(QLabel(tr("Rule") + ":"))
        self.rule_edit = QLineEdit(self.e2_rule.text(), objectName="e2RuleEdit")
        self.rule_edit.setToolTip(tr("SCORECARD:QUESTION>=LEVEL, one per scorecard, separated by commas"))
        self.rule_edit.returnPressed.connect(lambda: self.apply_rule())
        rule_row.addWidget(self.rule_edit, 1)
        self.rule_button = QPushButton(tr("Apply rule"), objectName="e2RuleApply")
        self.rule_button.clicked.connect(lambda _checked: self.apply_rule())
        rule_row.addWidget(self.rule_button)
        e2_layout.addLayout(rule_row)
        self.rule_error = QLabel("", objectName="formError")
        self.rule_error.setStyleSheet("color: #b00020;")
        self.rule_error.setWordWrap(True)
        self.rule_error.hide()
        e2_layout.addWidget(self.rule_error)
        self.e2_table = _table(self.e2_proxy)
        e2_layout.addWidget(self.e2_table)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.cities_table, tr("Cities × Essentials"))
        self.tabs.addTab(self.status_table, tr("Reporting status"))
        self.tabs.addTab(self.regions_table, tr("Regions"))
        self.tabs.addTab(e2, tr("Sendai E-2"))
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.map)
        top.addWidget(self.tabs)
        top.setStretchFactor(0, 2)
        top.setStretchFactor(1, 3)
        top.setSizes([560, 1000])

        bottom = QWidget()
        b = QHBoxLayout(bottom)
        b.setContentsMargins(0, 0, 0, 0)
        self.trend = TrendWidget()
        b.addWidget(self.trend, 3)
        side = QVBoxLayout()
        self.city_label = QLabel(tr("Select a city on the map or in the table."), objectName="h2")
        self.city_label.setWordWrap(True)
        side.addWidget(self.city_label)
        self.revision_combo = QComboBox(objectName="revisionCombo")
        self.compare_combo = QComboBox(objectName="compareCombo")
        for label, combo in ((tr("Revision:"), self.revision_combo), (tr("Compare with:"), self.compare_combo)):
            row = QHBoxLayout()
            row.addWidget(QLabel(label))
            row.addWidget(combo, 1)
            side.addLayout(row)
        self.open_button = QPushButton(tr("Open read-only"), objectName="big")
        self.open_button.setToolTip(tr("The stored revision in the assessment, dashboard and action-plan views"))
        self.open_button.clicked.connect(self._open_clicked)
        side.addWidget(self.open_button)
        self.warnings_label = QLabel("", objectName="muted")
        self.warnings_label.setWordWrap(True)
        side.addWidget(self.warnings_label)
        side.addStretch(1)
        b.addLayout(side, 2)
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(top)
        body.addWidget(bottom)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 1)
        root.addWidget(body, 1)
        self.empty_label = QLabel(tr("No national store is open. Use File > Open national store…"), objectName="muted")
        root.addWidget(self.empty_label)
        self._show_city(None)

    # ------------------------------------------------------------------ data
    def set_store(self, store: NationalStore | None) -> None:
        """Show ``store`` (the view does not close it)."""
        self.store = store
        self.city_id = None
        self.source.setText(shown_url(store.url) if store is not None else "")
        self.reload()

    def reload(self) -> None:
        """Read the store again on a worker thread (one query per table), then refresh every part of the view."""
        self._generation += 1
        if self.store is None:
            self._loaded(self._generation, {"cities": [], "regions": [], "e2": None, "national": None})
            return
        from ...national.report import run_national_data
        from ..workers import run_task
        generation = self._generation
        self.headline.setText(tr("Loading…"))
        self.task = run_task(run_national_data, self.store, overdue_months=self.overdue.value(), rule=self.e2_rule,
                             on_done=lambda data: self._loaded(generation, data),
                             on_error=lambda exc: self._failed(generation, exc), parent=self)

    def apply_rule(self, text: str | None = None) -> bool:
        """Count E-2 by the rule in the box (or ``text``); a rule that does not parse is shown, not applied."""
        from ...errors import InvalidInputError
        from ...national.sendai import E2Rule, check_rule
        text = self.rule_edit.text() if text is None else text
        try:
            rule = check_rule(E2Rule.parse(text), self.store)
        except InvalidInputError as exc:
            self.rule_error.setText(str(exc))
            self.rule_error.show()
            return False
        self.rule_error.hide()
        self.rule_edit.setText(rule.text())
        if rule != self.e2_rule:
            self.e2_rule = rule
            self.sig_rule_changed.emit(rule.text())
            self.reload()
        return True

    def wait_loaded(self, timeout_ms: int = 60_000) -> None:
        """Process events until the last :meth:`reload` has filled the view (``--screenshot``, tests)."""
        from ..workers import wait_for
        if self.task is not None:
            wait_for(self.task, timeout_ms)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            from ..dialogs.error_dialog import show_error
            self.headline.setText(tr("The dashboard could not read the national store."))
            show_error(self, exc, title=tr("Cannot open the national store"))

    def _loaded(self, generation: int, data: dict[str, Any] | None) -> None:
        if generation != self._generation or data is None:
            return  # a newer reload is on its way
        self.data = data
        cities = self.data["cities"]
        tell_namesakes_apart(cities)
        self.cities_model.set_rows(cities)
        self.status_model.set_rows(cities)
        self.regions_model.set_rows(self.data["regions"])
        self.e2_model.set_rows(self.data["e2"]["cities"] if self.data["e2"] else [])
        self._fill_filters(cities)
        self.empty_label.setVisible(self.store is None)
        for button in (self.export_button, self.reload_button):
            button.setEnabled(self.store is not None)
        for table in (self.cities_table, self.status_table, self.regions_table, self.e2_table):
            table.resizeColumnsToContents()
        self._filter_changed()
        keep = any(c["city_id"] == self.city_id for c in cities)
        if keep or self.proxy.rowCount() == 0:
            self._show_city(self.city_id if keep else None)
        else:  # show the first scored city's trend rather than an empty chart, right after the first paint
            rows = [self.proxy.data(self.proxy.index(r, 0), ROW_ROLE) for r in range(self.proxy.rowCount())]
            first = next((r for r in rows if r["overall_percent"] is not None), rows[0])["city_id"]
            self._show_city(None)
            QTimer.singleShot(0, lambda: self.city_id is None and self.store is not None and self.select_city(first))
        self.sig_loaded.emit()

    def _fill_filters(self, cities: list[dict[str, Any]]) -> None:
        for combo, key in ((self.country, "country"), (self.region, "region"), (self.scorecard, "scorecard_id")):
            with QSignalBlocker(combo):
                current = combo.currentData()
                combo.clear()
                combo.addItem(tr("all"), _ANY)
                for value in sorted({c[key] for c in cities if c[key]}, key=str.casefold):
                    combo.addItem(level_name(value) if key == "scorecard_id" else value, value)
                combo.setCurrentIndex(max(0, combo.findData(current)))

    def _filter_changed(self) -> None:
        values = {"country": self.country.currentData(), "region": self.region.currentData(),
                  "scorecard": self.scorecard.currentData(),
                  "since": self.since.date().toString("yyyy-MM-dd") if self.since_check.isChecked() else None,
                  "text": self.search.text().strip()}
        for proxy in (self.proxy, self.status_proxy, self.e2_proxy):
            proxy.set_filter(**values)
        shown = [c for c in self.data["cities"] if self.proxy.accepts(c)]
        self.map.set_cities(shown)
        self.map.set_selected(self.city_id)
        self._headline(shown)

    def _headline(self, shown: list[dict[str, Any]]) -> None:
        if self.store is None:
            self.headline.setText(tr("No national store is open."))
            return
        total = len(self.data["cities"])
        if total == 0:
            self.headline.setText(tr("This national store holds no city yet: bring bundles in with"
                                     " national import or national import-folder, then Reload."))
            return
        overdue = sum(1 for c in shown if c["overdue"])
        scores = sorted(c["overall_percent"] for c in shown if c["overall_percent"] is not None)
        median = scores[len(scores) // 2] if len(scores) % 2 else (
            (scores[len(scores) // 2 - 1] + scores[len(scores) // 2]) / 2 if scores else None)
        e2 = self.data["e2"]
        text = tr("{shown} of {total} cities shown · {overdue} overdue · median overall score {median}",
                  shown=len(shown), total=total, overdue=overdue, median=percent_text(median))
        if e2 is not None:
            share = current().share(e2['share'], 1)
            text += " · " + tr("Sendai E-2: {n} of {d} local governments in line ({share})", n=e2["in_line"],
                               d=e2["local_governments"], share=share)
            self.e2_label.setText(
                tr("Sendai E-2 (SDG 11.b.2): {n} of {d} local governments ({share}) have a local DRR strategy in line"
                   " with the national one. Rule: {rule}. Data as of {date}.", n=e2["in_line"],
                   d=e2["local_governments"], share=share, rule=e2["rule"], date=(e2["data_date"] or "—")[:10]))
        self.headline.setText(text)

    # ------------------------------------------------------------------ the selected city
    def _table_row_changed(self, current: Any, _previous: Any) -> None:
        row = self.proxy.data(current, ROW_ROLE) if current.isValid() else None
        if row is not None and row["city_id"] != self.city_id:
            self._show_city(row["city_id"])
            self.map.set_selected(row["city_id"])

    def select_city(self, city_id: str) -> None:
        """Select a city everywhere: the table row, the map, the trend and the revisions."""
        self._show_city(city_id)  # first: the row change below then sees the same city and does nothing
        self.map.set_selected(city_id)
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            if self.proxy.data(index, ROW_ROLE)["city_id"] == city_id:
                self.cities_table.selectRow(r)
                self.cities_table.scrollTo(index)
                break

    def _show_city(self, city_id: str | None) -> None:
        self.city_id = city_id
        city = next((c for c in self.data["cities"] if c["city_id"] == city_id), None)
        with QSignalBlocker(self.revision_combo), QSignalBlocker(self.compare_combo):
            self.revision_combo.clear()
            self.compare_combo.clear()
        self.open_button.setEnabled(city is not None)
        if city is None or self.store is None:
            self.city_label.setText(tr("Select a city on the map or in the table."))
            self.trend.set_trend([])
            self.warnings_label.setText("")
            self.revisions = []
            return
        self.city_label.setText(f"{city['name']} ({city['country']}{', ' + city['region'] if city['region'] else ''})"
                                + " — " + (tr("no answers") if city["overall_percent"] is None
                                           else percent_text(city["overall_percent"])))
        self.trend.set_trend(city_trend(self.store, city["city_id"]), tr("Trend across revisions"))
        self.revisions = city_revisions(self.store, city["city_id"])
        latest = revision_key(city["assessment_id"], city["revision"])
        # a city with several assessments (a baseline and a later one): each revision says which
        several = len({r["assessment_id"] for r in self.revisions}) > 1

        def which(r) -> str:
            return f" · {r['title']}" if several and r["title"] else ""
        for r in reversed(self.revisions):
            key = revision_key(r["assessment_id"], r["revision"])
            label = tr("revision {revision}", revision=r["revision"]) + f" · {(r['exported_at'] or '')[:10]} · " \
                + f"{percent_text(r['overall_percent'])} · {level_name(r['scorecard_id'])}" + which(r)  # the score first: seen when cut
            self.revision_combo.addItem(label, key)
            if key == latest:
                self.revision_combo.setCurrentIndex(self.revision_combo.count() - 1)
        self.compare_combo.addItem(tr("(no comparison)"), None)
        for r in reversed(self.revisions):
            self.compare_combo.addItem(tr("this city, revision {revision}", revision=r["revision"]) + which(r),
                                       revision_key(r["assessment_id"], r["revision"]))
        for c in self.data["cities"]:
            if c["city_id"] != city["city_id"]:
                self.compare_combo.addItem(f"{c['name']} · " + tr("revision {revision}", revision=c["revision"]),
                                           revision_key(c["assessment_id"], c["revision"]))
        notes = []
        if city["conflicts"]:  # each said as the status column and the JSON say it, not summed (a trial)
            notes.append(tr("conflicts: {n}", n=city["conflicts"]))
        if city["warnings"]:
            notes.append(tr("import warnings: {n}", n=city["warnings"]))
        if city["lon"] is None:
            notes.append(tr("no coordinates: not on the map"))
        if city["answered"] == 0:
            notes.append(tr("the latest revision has no answers"))
        log = self._log_lines(city)
        shown = 3
        self.warnings_label.setText("\n".join([" · ".join(notes)] + log[:shown]
                                               + ([tr("… and {n} earlier", n=len(log) - shown)] if len(log) > shown else []))
                                    if notes else "")
        self.warnings_label.setToolTip("\n".join(log))

    def _log_lines(self, city: dict[str, Any]) -> list[str]:
        """What each of the city's conflicts and import warnings was, newest first: a bare «conflicts: 1»
        left the analyst to find the import log (a trial)."""
        if not (city["conflicts"] or city["warnings"]) or self.store is None:
            return []
        from ...national.importer import outcome_text
        return [f"{(r['at'] or '')[:10]} · {r['file_name']} · " + tr("revision {revision}", revision=r["revision"])
                + f" · {outcome_text(r['outcome'])}: {r['message']}"
                for r in reversed(city_warnings(self.store, city["city_id"]))]

    def _open_clicked(self) -> None:
        chosen = self.revision_combo.currentData()
        if chosen is None:
            return
        other = self.compare_combo.currentData()
        self.sig_open_revisions.emit(parse_revision_key(chosen),
                                     parse_revision_key(other) if other and other != chosen else None)


def tell_namesakes_apart(cities: list[dict[str, Any]]) -> None:
    """Two cities of one name in one country (two workspaces that each added «Ош») get the start of their
    ids after the name, in the table, on the map and in the details: otherwise they read as one city listed
    twice and the map draws one over the other.

    >>> rows = [{"city_id": "fef9f454-a7", "name": "Ош", "country": "KG"}, {"city_id": "d7e3a184-94", "name": "ош ",
    ...         "country": "KG"}, {"city_id": "0a1b2c3d-00", "name": "Ош", "country": "UZ"}]
    >>> tell_namesakes_apart(rows); [r["name"] for r in rows]
    ['Ош · fef9f454', 'ош  · d7e3a184', 'Ош']
    """
    from ...i18n.names import name_key
    seen: dict[tuple[str, str], int] = {}
    for c in cities:
        key = (name_key(c["name"]), c["country"])
        seen[key] = seen.get(key, 0) + 1
    for c in cities:
        if seen[(name_key(c["name"]), c["country"])] > 1:
            c["name"] = f"{c['name']} · {c['city_id'][:8]}"
