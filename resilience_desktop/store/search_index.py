"""The workspace's full-text index (SQLite FTS5) and the query that searches it.

The index is made and kept by `sqlite-utils <https://sqlite-utils.datasette.io/>`_: one external-content
FTS5 table per source table (``answers_fts``, ``action_items_fts``, ``evidence_fts``,
``stakeholder_scores_fts``), created by ``Table.enable_fts(..., create_triggers=True)``, which fills it
from the rows already there and adds the insert/update/delete triggers that keep it in step. The
``unicode61`` tokenizer folds case for every script (``Паводок`` finds ``паводок``); its
``remove_diacritics 2`` folds accents of the Latin script only (``é`` finds ``e``), so Cyrillic letters
stay as written (Kazakh ``ә``, ``ғ``, ``қ``, ``ң``, ``ө``, ``ұ``, ``ү``, ``і``, Russian ``й``) and the query
itself lets ``е`` and ``ё`` find each other (:func:`match_expression`).

Nothing here knows scorecards or Qt: :func:`search_rows` returns plain rows that the ``search``
feature turns into hits.
"""

from __future__ import annotations

__all__ = ["SOURCES", "Field", "TOKENIZER", "create_search_index", "match_expression", "search_rows",
           "HIGHLIGHT_OPEN", "HIGHLIGHT_CLOSE", "ELLIPSIS"]

import re
import sqlite3
from dataclasses import dataclass

#: FTS5 tokenizer of every index table (see the module docstring).
TOKENIZER = "unicode61 remove_diacritics 2"
#: What :func:`search_rows` puts around a match in a snippet (private-use characters: never typed).
HIGHLIGHT_OPEN, HIGHLIGHT_CLOSE = "\ue000", "\ue001"
ELLIPSIS = "…"
#: Words of context a snippet keeps around the match (FTS5 allows at most 64).
SNIPPET_TOKENS = 14


@dataclass(frozen=True)
class Field:
    """One searched column: its table, its name in the index and in search hits, and, when the text can
    be private, the column of its table that says so."""

    kind: str       #: the hit's kind: answer, stakeholder, action, evidence
    table: str
    column: str
    name: str       #: the field as hits name it (a stable word, not translated)
    private_column: str | None = None


#: Every searched column, in index order per table (the order of ``enable_fts`` columns matters: the
#: snippet function takes a column number).
SOURCES: tuple[Field, ...] = (
    Field("answer", "answers", "comment", "justification", private_column="comment_private"),
    Field("answer", "answers", "verification", "verification"),
    Field("answer", "answers", "data_sources", "data_sources"),
    Field("stakeholder", "stakeholder_scores", "stakeholder", "stakeholder"),
    Field("stakeholder", "stakeholder_scores", "note", "note", private_column="note_private"),
    Field("action", "action_items", "action", "action"),
    Field("action", "action_items", "responsible", "owner"),
    Field("action", "action_items", "timescale", "timescale"),
    Field("evidence", "evidence", "name", "name"),
    Field("evidence", "evidence", "note", "description"),
    Field("evidence", "evidence", "url", "url"),
)
#: The column naming an item of each table (the hit's ``item``: which action, which evidence, ...).
_ITEM_COLUMN = {"answers": None, "stakeholder_scores": "stakeholder", "action_items": "action", "evidence": "name"}
#: Tables whose rows can be soft-removed (a removed item is not found).
_REMOVABLE = frozenset({"action_items", "evidence"})


def _columns(table: str) -> list[str]:
    return [f.column for f in SOURCES if f.table == table]


def _tables() -> list[str]:
    return list(dict.fromkeys(f.table for f in SOURCES))


def create_search_index(conn: sqlite3.Connection) -> None:
    """Create the index tables and their triggers, filled from the rows already there.

    Runs inside the caller's transaction (a schema migration): sqlite-utils executes its scripts
    statement by statement when a transaction is open, never committing it.
    """
    import sqlite_utils
    # recursive_triggers off: this connection belongs to the store, which sets its own pragmas.
    db = sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
    for table in _tables():
        db.table(table).enable_fts(_columns(table), fts_version="FTS5", create_triggers=True,
                                   tokenize=TOKENIZER)
        if not conn.in_transaction:  # an older sqlite-utils committed the migration half-way
            raise RuntimeError("sqlite-utils committed inside a schema migration; it needs sqlite-utils >= 4.2")


_WORD = re.compile(r"[^\W_]")


def match_expression(text: str) -> str | None:
    '''The FTS5 query for what a person typed: every word must occur, each as a word prefix.

    Each whitespace-separated piece is quoted (so ``AND``, ``NEAR``, ``*``, ``:``, ``(`` and a lone
    ``"`` are just characters: any input is safe) and made a prefix (``пав`` finds ``паводок``; a single
    letter or digit stays a whole word). A Russian word also matches by its stem, so another form of it
    is found (``наводнения`` finds ``наводнение``; :func:`_russian_stem`). A
    piece with punctuation inside (``flood-risk``) is a phrase of its words. Russian ``е`` and ``ё``
    find each other (the tokenizer folds diacritics of the Latin script only). ``None`` when the text
    holds no letter or digit at all.

    Examples
    --------
    >>> match_expression('паводок 2024')
    '"паводок"* AND "2024"*'
    >>> match_expression('say "NOT" (this)')
    '"say"* AND """NOT"""* AND "(this)"*'
    >>> match_expression('ёлка')
    '("ёлка"* OR "елка"*)'
    >>> match_expression('больницы')
    '("больницы"* OR "больниц"*)'
    >>> match_expression('№ 5')
    '"5"'
    >>> match_expression(' -- ') is None
    True
    '''
    pieces = [p for p in text.split() if _WORD.search(p)]
    if not pieces:
        return None
    terms = []
    for piece in pieces:
        # One letter or digit is a whole word ("№ 5"): as a prefix it would match nearly every field, and
        # each snippet of such a match costs FTS5 the position lists of every word it starts.
        star = "*" if len(_WORD.findall(piece)) > 1 else ""
        words = _yo_variants(piece) + [v for stem in _russian_stem(piece) for v in _yo_variants(stem)]
        variants = [f'"{v.replace(chr(34), chr(34) * 2)}"{star}' for v in words]
        terms.append(variants[0] if len(variants) == 1 else "(" + " OR ".join(variants) + ")")
    return " AND ".join(terms)


#: A word written in Russian letters only (a Kazakh or Kyrgyz word has letters of its own: ә, ғ, қ, ң, ө, ұ, ү, һ, і).
_RUSSIAN = re.compile(r"[а-яё]{4,}", re.IGNORECASE)
#: Shorter stems match too many other words: "сел" of "село" would find every "сель" and "селевой" (mudflow).
_MIN_STEM = 4


def _russian_stem(word: str) -> list[str]:
    """The Snowball stem of a Russian word, when it is shorter than the word (``[]`` otherwise), so that one
    form typed finds the others: ``наводнения`` finds ``наводнение`` and ``наводнений`` through ``наводнен``.

    >>> _russian_stem("наводнения,"), _russian_stem("(больницы)"), _russian_stem("село"), _russian_stem("тасқыны")
    (['наводнен'], ['больниц'], [], [])
    """
    word = word.strip(_PUNCTUATION)  # "наводнения," as typed in a sentence
    if not _RUSSIAN.fullmatch(word):
        return []
    import snowballstemmer

    stem = _STEMMER.get("ru") or _STEMMER.setdefault("ru", snowballstemmer.stemmer("russian"))
    root = stem.stemWord(word.casefold())
    return [root] if _MIN_STEM <= len(root) < len(word) else []


_STEMMER: dict = {}
_PUNCTUATION = ".,;:!?()[]{}«»\"'„“”…-–—"


_YO = str.maketrans("ёЁеЕ", "еЕёЁ")


def _yo_variants(word: str, most: int = 3) -> list[str]:
    """``word`` with each of its first ``most`` е/ё letters as written and swapped (at most 8 words).

    >>> _yo_variants("Ещё")
    ['Ещё', 'Ёщё', 'Еще', 'Ёще']
    """
    out = [word]
    spots = [i for i, ch in enumerate(word) if ch in "ёЁеЕ"][:most]
    for i in spots:
        out += [w[:i] + w[i].translate(_YO) + w[i + 1:] for w in out]
    return out


def search_rows(conn: sqlite3.Connection, text: str, *, include_private: bool = False,
                limit: int = 200) -> list[dict]:
    """The best ``limit`` matches of ``text`` across the workspace, one row per matching field.

    A row: ``kind``, ``entity_id`` (answer, stakeholder score, action item or evidence id),
    ``assessment_id``, ``assessment_title``, ``city_id``, ``city``, ``question_id`` (``None`` for items
    of the whole assessment), ``field``, ``snippet`` (the match between :data:`HIGHLIGHT_OPEN` and
    :data:`HIGHLIGHT_CLOSE`, cut with :data:`ELLIPSIS`), ``item`` (the stakeholder group, action or
    evidence name; ``None`` for answers), ``private`` and ``rank`` (bm25: lower is
    better). Private justifications and stakeholder notes are left out unless ``include_private``;
    removed evidence and action items are never found. Empty when ``text`` has no word in it.
    """
    expr = match_expression(text)
    if expr is None or limit <= 0:
        return []
    # Two steps: the best ``limit`` (field, row) pairs by bm25 first, then snippets for those only (a
    # snippet costs more than a rank, and a one-letter prefix matches thousands of fields).
    parts, params = [], []
    for i, f in enumerate(SOURCES):
        fts = f"{f.table}_fts"
        private = f"t.{f.private_column}" if f.private_column else "0"
        item = f"t.{_ITEM_COLUMN[f.table]}" if _ITEM_COLUMN[f.table] else "NULL"
        where = [f"{fts} MATCH ?"]
        if f.private_column and not include_private:
            where.append(f"t.{f.private_column} = 0")
        if f.table in _REMOVABLE:
            where.append("t.removed_at IS NULL")
        parts.append(
            f"SELECT * FROM (SELECT {i} AS source, {fts}.rowid AS row, '{f.kind}' AS kind, t.id AS entity_id,"
            f" t.assessment_id, t.question_id, '{f.name}' AS field, {item} AS item, {private} AS private,"
            f" bm25({fts}) AS rank FROM {fts} JOIN {f.table} t ON t.rowid = {fts}.rowid"
            f" WHERE {' AND '.join(where)} ORDER BY rank LIMIT ?)")
        # A column filter: the words must all be in this one field, so its snippet shows them.
        params += [_column_query(f, expr), limit]
    sql = ("SELECT h.*, a.title AS assessment_title, a.city_id, c.name AS city FROM ("
           + " UNION ALL ".join(parts)
           + ") h JOIN assessments a ON a.id = h.assessment_id JOIN cities c ON c.id = a.city_id"
           " ORDER BY h.rank, h.assessment_id, h.question_id, h.kind, h.field LIMIT ?")
    cur = conn.execute(sql, [*params, limit])
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r)) for r in cur.fetchall()]
    wanted: dict[int, list[dict]] = {}
    for r in rows:
        r["private"] = bool(r["private"])
        wanted.setdefault(r.pop("source"), []).append(r)
    for source, group in wanted.items():
        f = SOURCES[source]
        fts = f"{f.table}_fts"
        by_row = {r.pop("row"): r for r in group}
        marks = ",".join("?" * len(by_row))
        for rowid, snippet in conn.execute(
                f"SELECT rowid, snippet({fts}, {_columns(f.table).index(f.column)}, ?, ?, ?, {SNIPPET_TOKENS})"
                f" FROM {fts} WHERE {fts} MATCH ? AND rowid IN ({marks})",
                [HIGHLIGHT_OPEN, HIGHLIGHT_CLOSE, ELLIPSIS, _column_query(f, expr), *by_row]):
            by_row[rowid]["snippet"] = snippet
    for r in rows:
        r.setdefault("snippet", "")
    return rows


def _column_query(f: Field, expr: str) -> str:
    return "{" + f.column + "} : (" + expr + ")"
