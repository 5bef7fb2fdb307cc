"""Turning a user's ``q`` into a safe full-text query, ranked hits and snippets.

User text never reaches FTS5 or tsquery syntax: ``q`` is folded and cut into words
(letters and digits only), and each word becomes a quoted prefix term, ANDed; a ``q``
without any word matches nothing. A word of one character matches whole words only: as
a prefix it would match a good part of the vocabulary, and sixteen of them (``z y x ...
a``) made one search run past its deadline. So quotes,
``*``, ``NEAR(``, parentheses, ``-`` or ``OR`` in ``q`` are just text, never operators.
"""

import html
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BindParameter, Float, Select, and_, bindparam, func, literal_column, select
from sqlalchemy.sql.elements import ColumnElement

from briefings.db import Reader
from briefings.errors import invalid_parameter
from briefings.kit.params import is_blank
from briefings.search.folding import WORD, searchable, words
from briefings.search.index import fts, is_sqlite
from briefings.search.models import FTS_TABLE, SearchDocument

SNIPPET_WIDTH = 160
SNIPPET_LEAD = 40
# bm25 weights, in the FTS5 table's column order: record_type, record_id (unindexed),
# title_folded, body_folded. A word in a name counts ten times a word in the text.
BM25_WEIGHTS = (0.0, 0.0, 10.0, 1.0)
# The GIN index's expression (migration 0002), repeated verbatim so the planner uses it.
PG_TSVECTOR = (
    "setweight(to_tsvector('simple'::regconfig, search_documents.title_folded), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, search_documents.body_folded), 'B')"
)
# ts_rank normalization 1: divides by 1 + log(length), so a long article does not
# outrank a record named after the word just by repeating it.
PG_RANK_NORMALIZATION = 1


# Words shorter than this match whole words only.
MIN_PREFIX = 2


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    tokens: tuple[str, ...]

    @property
    def fts5(self) -> str:
        # Tokens are letters and digits only, so quoting cannot be broken out of.
        return " AND ".join(f'"{token}"' + _prefix(token, "*") for token in self.tokens)

    @property
    def tsquery(self) -> str:
        return " & ".join(token + _prefix(token, ":*") for token in self.tokens)


def _prefix(token: str, mark: str) -> str:
    """The prefix mark for a word long enough to be looked up as a prefix."""
    return mark if len(token) >= MIN_PREFIX else ""


@dataclass(frozen=True)
class Hit:
    record_type: str
    record_id: str
    score: float
    name_fr: str
    name_en: str
    snippet: str


def parse(q: str) -> ParsedQuery:
    """Raises a 400 for an empty or blank ``q``, or where ``words`` refuses it."""
    if is_blank(q):
        raise invalid_parameter("q", "must not be blank")
    try:
        text = words(q)
    except ValueError as error:
        raise invalid_parameter("q", str(error)) from None
    return ParsedQuery(text, tuple(text.split()))


def _fts_match(term: BindParameter[str]) -> ColumnElement[bool]:
    return literal_column(FTS_TABLE).op("MATCH")(term)


def _pg_match(term: BindParameter[str]) -> tuple[ColumnElement[bool], ColumnElement[float]]:
    tsquery = func.to_tsquery(literal_column("'simple'::regconfig"), term)
    tsvector: ColumnElement[Any] = literal_column(PG_TSVECTOR)
    rank = func.ts_rank(tsvector, tsquery, PG_RANK_NORMALIZATION, type_=Float)
    return tsvector.op("@@")(tsquery), rank


def _term(session: Reader, parsed: ParsedQuery) -> BindParameter[str]:
    if is_sqlite(session):
        return bindparam("fts_match", parsed.fts5)
    return bindparam("tsquery", parsed.tsquery)


def match_term(session: Reader, q: str) -> str | None:
    """The full-text term ``q`` becomes on this database, or None when ``q`` has no word
    (it matches nothing)."""
    parsed = parse(q) if q else ParsedQuery("", ())
    if not parsed.tokens:
        return None
    return parsed.fts5 if is_sqlite(session) else parsed.tsquery


def matching_ids(session: Reader, record_type: str, term: BindParameter[str]) -> Select[Any]:
    """Ids of ``record_type`` records matching ``term``, a parameter bound to a
    ``match_term``: the query's SQL is the same for every ``q``, so a filter's plan is
    built once and only gets new terms."""
    return _matching(session, term, [record_type])


def _matching(session: Reader, term: BindParameter[str], types: list[str] | None) -> Select[Any]:
    """Ids of the matching records, unranked: what a filter uses and a total counts."""
    if is_sqlite(session):
        query = select(fts.c.record_id).where(_fts_match(term))
        type_column: ColumnElement[str] = fts.c.record_type
    else:
        matches, _ = _pg_match(term)
        query = select(SearchDocument.record_id).where(matches)
        type_column = SearchDocument.record_type.expression
    if types:
        query = query.where(type_column == types[0] if len(types) == 1 else type_column.in_(types))
    return query


def _ranked(
    session: Reader, parsed: ParsedQuery, types: list[str] | None, last: int
) -> Select[str, str, float]:
    """The matches as (record type, id, score); on SQLite only those that can rank among
    the first ``last + 1``."""
    if is_sqlite(session):
        return _sqlite_ranked(session, parsed, types, last)
    matches, rank = _pg_match(_term(session, parsed))
    query = select(SearchDocument.record_type, SearchDocument.record_id, rank.label("score")).where(
        matches
    )
    if types:
        query = query.where(SearchDocument.record_type.in_(types))
    return query


def _sqlite_ranked(
    session: Reader, parsed: ParsedQuery, types: list[str] | None, last: int
) -> Select[str, str, float]:
    """Each match is scored by its FTS5 rowid alone, and the record type and id, which
    FTS5 reads from a stored row per match, only for the rows scoring at least the
    ``last``-th best: the ones that can be on the page, ties included, so the page keeps
    its order by (type, id) among equal scores. Reading them for every match was two
    thirds of ranking a common word (``q=projects``, 24k matches at 100k statements).
    """
    weights = (bindparam(f"w{k}", w, type_=Float) for k, w in enumerate(BM25_WEIGHTS))
    # bm25 is lower for better matches; negated so that a higher score is better.
    score = (-func.bm25(literal_column(FTS_TABLE), *weights, type_=Float)).label("score")
    query = select(fts.c.rowid.label("hit"), score).where(_fts_match(_term(session, parsed)))
    if types:
        query = query.where(fts.c.record_type.in_(types))
    scored = query.cte("scored").prefix_with("MATERIALIZED")
    least = (
        select(scored.c.score)
        .order_by(scored.c.score.desc())
        .limit(1)
        .offset(bindparam("last", last))
        .scalar_subquery()
    )
    found = fts.alias("found")
    # Fewer matches than the page's end: every one of them can be on it.
    floor = func.coalesce(least, literal_column("-1e999", Float))
    return (
        select(found.c.record_type, found.c.record_id, scored.c.score)
        .join_from(scored, found, found.c.rowid == scored.c.hit)
        .where(scored.c.score >= floor)
    )


def search(
    session: Reader, q: str, types: list[str] | None, limit: int, offset: int
) -> tuple[int, list[Hit]]:
    """Ranked hits for ``q``: best score first, then (type, id) so ties keep one order.

    The page is ranked and cut inside the full-text query, and only its rows are joined
    to their documents: joining every match first read the title and text of thousands
    of documents to keep twenty (for a common word at 100k records: 250 ms against 140
    from a cold page cache, 34 ms against 28 warm).
    """
    parsed = parse(q) if q else ParsedQuery("", ())
    if not parsed.tokens:
        return 0, []
    matching = _matching(session, _term(session, parsed), types).subquery()
    total = session.scalar(select(func.count()).select_from(matching)) or 0
    ranked = _ranked(session, parsed, types, offset + limit - 1).subquery("ranked")
    page = (
        select(ranked.c.record_type, ranked.c.record_id, ranked.c.score)
        .order_by(ranked.c.score.desc(), ranked.c.record_type, ranked.c.record_id)
        .limit(limit)
        .offset(offset)
        .subquery("page")
    )
    rows = session.execute(
        select(
            page.c.record_type,
            page.c.record_id,
            page.c.score,
            SearchDocument.name_fr,
            SearchDocument.name_en,
            SearchDocument.title,
            SearchDocument.body,
        )
        .join(
            SearchDocument,
            and_(
                SearchDocument.record_type == page.c.record_type,
                SearchDocument.record_id == page.c.record_id,
            ),
        )
        .order_by(page.c.score.desc(), page.c.record_type, page.c.record_id)
    )
    hits = [
        Hit(
            record_type=row.record_type,
            record_id=row.record_id,
            score=round(float(row.score), 6),
            name_fr=row.name_fr,
            name_en=row.name_en,
            snippet=snippet(row.title, row.body, parsed.tokens),
        )
        for row in rows
    ]
    return total, hits


def _matches(text: str, tokens: tuple[str, ...]) -> tuple[list[tuple[int, int]], int]:
    """Spans of the words of ``text`` that a token matches, as the query does (found in
    the folded text, valid in the original), and how many of the tokens matched."""
    spans: list[tuple[int, int]] = []
    matched: set[str] = set()
    for word in WORD.finditer(searchable(text)):
        found = word.group()
        prefixes = {
            token
            for token in tokens
            if (found.startswith(token) if len(token) >= MIN_PREFIX else found == token)
        }
        if prefixes:
            spans.append(word.span())
            matched |= prefixes
    return spans, len(matched)


def _window(text: str, first: int, last_end: int) -> tuple[int, int]:
    if len(text) <= SNIPPET_WIDTH:
        return 0, len(text)
    start = max(0, min(first - SNIPPET_LEAD, len(text) - SNIPPET_WIDTH))
    if start > 0:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + SNIPPET_WIDTH)
    if end < len(text):
        space = text.rfind(" ", last_end, end)
        end = space if space != -1 else end
    return start, max(end, last_end)


def _squeeze(text: str) -> str:
    return html.escape(re.sub(r"\s+", " ", text), quote=False)


def snippet(title: str, body: str, tokens: tuple[str, ...]) -> str:
    """About 160 characters of the original text around the first match, as HTML: the
    text escaped, each matched word wrapped in ``<mark>``. Taken from whichever of body
    and title matches more of the query's words (the body on a tie: it says more)."""
    text, spans, best = body or title, [], 0
    for candidate in (body, title):
        candidate_spans, count = _matches(candidate, tokens)
        if count > best:
            text, spans, best = candidate, candidate_spans, count
    first, first_end = spans[0] if spans else (0, 0)
    start, end = _window(text, first, first_end)
    out = ["…"] if start > 0 else []
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        out.append(_squeeze(text[cursor:span_start]))
        out.append(f"<mark>{html.escape(text[span_start:span_end], quote=False)}</mark>")
        cursor = span_end
    out.append(_squeeze(text[cursor:end]))
    if end < len(text):
        out.append("…")
    return "".join(out).strip()
