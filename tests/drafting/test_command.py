"""`briefings draft`: what a user gets for an article, for a curated one measured against
its seed file, and for input that is not an article."""

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefings.cli import main
from briefings.config import get_settings
from briefings.drafting import pipeline
from briefings.seeding import check_seeds
from support import SEEDS_DIR

ARTICLES = Path(__file__).parent / "articles"
CURATED = "kazakhstan-kyrgyzstan-2025-08-01"
# Article file, its date when the gold file gives one.
FIXTURES = [
    ("ouzbekistan-tadjikistan", None),
    ("kazakhstan-chine", "2025-09-05"),
    ("kirghizistan-turquie", None),
    ("kazakhstan-azerbaidjan", None),
]
REQUIRED = ("actors", "places", "figures", "direct quotes")


@pytest.fixture
def seeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty seeds folder the command is configured with."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    monkeypatch.setenv("BRIEFINGS_SEEDS_DIR", str(folder))
    monkeypatch.setenv("BRIEFINGS_DATABASE_URL", f"sqlite:///{tmp_path / 'unused.db'}")
    get_settings.cache_clear()
    yield folder
    get_settings.cache_clear()


def _scores(output: str) -> dict[str, tuple[float, float]]:
    """The evaluation table as {record type: (precision, recall)} (- counts as 0)."""
    found: dict[str, tuple[float, float]] = {}
    for line in output.splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) == 6 and cells[1].isdigit():
            precision, recall = (0.0 if c == "-" else float(c) for c in cells[4:])
            found[cells[0]] = (precision, recall)
    return found


def _draft_into(folder: Path, article: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Copies the article into the seeds folder, drafts it there, saves the draft."""
    shutil.copy(article, folder / article.name)
    assert main(["draft", str(folder / article.name)]) == 0
    draft = capsys.readouterr().out
    (folder / f"{article.name.split('.')[0]}.yaml").write_text(draft, encoding="utf-8")
    return draft


def test_the_curated_article_meets_the_figures(
    seeds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = SEEDS_DIR / f"{CURATED}.fr.txt"
    gold = SEEDS_DIR / f"{CURATED}.yaml"
    assert main(["draft", str(article), "--evaluate", str(gold)]) == 0
    scores = _scores(capsys.readouterr().out)
    for kind in REQUIRED:
        precision, recall = scores[kind]
        assert precision >= 0.9, (kind, precision)
        assert recall >= 0.8, (kind, recall)


def test_the_evaluation_prints_a_row_per_record_type_and_the_time_split(
    seeds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = SEEDS_DIR / f"{CURATED}.fr.txt"
    assert main(["draft", str(article), "--evaluate", str(SEEDS_DIR / f"{CURATED}.yaml")]) == 0
    out = capsys.readouterr().out
    assert set(_scores(out)) == {
        "actors",
        "places",
        "visits",
        "direct quotes",
        "statements",
        "figures",
        "projects",
        "areas",
    }
    assert re.search(r"^seconds: model load [\d.]+, drafting [\d.]+$", out, re.MULTILINE)


def test_record_types_a_gold_file_leaves_out_are_not_scored(
    seeds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The test articles' gold files curate no projects or areas: no row for them."""
    name = "kirghizistan-turquie"
    gold = ARTICLES / f"{name}.gold.yaml"
    assert main(["draft", str(ARTICLES / f"{name}.fr.txt"), "--evaluate", str(gold)]) == 0
    scored = set(_scores(capsys.readouterr().out))
    assert "areas" not in scored
    assert "projects" not in scored
    assert "actors" in scored


@pytest.mark.parametrize("name", [CURATED, *(name for name, _ in FIXTURES)])
def test_a_draft_saved_next_to_its_article_passes_check_seeds(
    seeds: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    article = SEEDS_DIR / f"{name}.fr.txt" if name == CURATED else ARTICLES / f"{name}.fr.txt"
    draft = _draft_into(seeds, article, capsys)
    assert draft.startswith("# DRAFT of ")
    assert "# draft, confidence " in draft
    check_seeds(seeds)  # raises SeedError listing every problem


def test_an_article_with_windows_line_ends_drafts_a_valid_file(
    seeds: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (SEEDS_DIR / f"{CURATED}.fr.txt").read_text(encoding="utf-8")
    article = tmp_path / "crlf.fr.txt"
    article.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    _draft_into(seeds, article, capsys)
    check_seeds(seeds)


def test_a_quotation_said_twice_says_which_occurrence_it_is(
    seeds: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (ARTICLES / "kirghizistan-turquie.fr.txt").read_text(encoding="utf-8")
    again = "« Nous voulons que les investisseurs turcs trouvent ici des règles claires et "
    again += "stables », a affirmé Daniar Amangeldiev.\n"
    article = tmp_path / "repeated.fr.txt"
    article.write_text(text + again, encoding="utf-8")
    draft = _draft_into(seeds, article, capsys)
    assert "    text_occurrence: 2\n" in draft
    check_seeds(seeds)


def test_records_the_seeds_folder_holds_are_named_not_repeated(
    seeds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in SEEDS_DIR.iterdir():
        shutil.copy(path, seeds / path.name)
    draft = _draft_into(seeds, ARTICLES / "kirghizistan-turquie.fr.txt", capsys)
    # Kyrgyzstan, Turkey and Bishkek are in the curated seed file: referenced by id.
    assert "# reused, not repeated: actors kyrgyzstan" in draft
    assert "# reused, not repeated: places bishkek" in draft
    assert "\n  - id: kyrgyzstan\n" not in draft
    assert "    place: bishkek\n" in draft
    check_seeds(seeds)


def test_a_date_without_a_year_takes_the_article_s_year(
    seeds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = ARTICLES / "kazakhstan-chine.fr.txt"
    assert main(["draft", str(article), "--published", "2025-09-05"]) == 0
    draft = capsys.readouterr().out
    assert "published_date: '2025-09-05'" in draft
    assert "date: '2025-09-02'" in draft  # « le 2 septembre »
    assert main(["draft", str(article)]) == 0
    assert "# left out: visit of kassym-jomart-tokaiev" in capsys.readouterr().out


BAD = [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b" \n\n\t\n", "empty"),
    ("binary.txt", bytes(range(256)) * 4, "not text"),
    ("latin1.txt", "Le ministre a été reçu à Bichkek.".encode("latin-1"), "not UTF-8"),
    (
        "english.txt",
        b"The minister of foreign affairs was received in Bishkek on Friday "
        b"and said that trade between the two countries is growing.",
        "not French",
    ),
    ("long.txt", ("Le ministre a été reçu à Bichkek. " * 6000).encode(), "too long"),
]


@pytest.mark.parametrize(("name", "content", "reason"), BAD, ids=[b[0] for b in BAD])
def test_input_that_is_not_an_article_gets_one_line_and_status_1(
    seeds: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: bytes,
    reason: str,
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["draft", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"briefings draft: {path}: {reason}")
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_a_missing_file_is_named(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["draft", str(seeds / "nowhere.txt")]) == 1
    assert capsys.readouterr().err == f"briefings draft: {seeds / 'nowhere.txt'}: no such file\n"


def test_a_bad_gold_file_is_refused_in_words(
    seeds: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = tmp_path / "gold.yaml"
    gold.write_text("source: {id: x}\n", encoding="utf-8")
    article = ARTICLES / "kirghizistan-turquie.fr.txt"
    assert main(["draft", str(article), "--evaluate", str(gold)]) == 1
    err = capsys.readouterr().err
    assert "is not a valid seed file" in err
    assert "Traceback" not in err


def test_without_the_french_model_the_user_is_told_what_to_install(
    seeds: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(pipeline, "MODEL", "fr_model_that_is_not_installed")
    pipeline.load_pipeline.cache_clear()
    try:
        assert main(["draft", str(ARTICLES / "kirghizistan-turquie.fr.txt")]) == 1
    finally:
        pipeline.load_pipeline.cache_clear()
    err = capsys.readouterr().err
    assert "the French pipeline is not installed" in err
    assert "briefings[draft]" in err


def test_a_source_id_that_is_not_a_slug_is_refused(
    seeds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = ARTICLES / "kirghizistan-turquie.fr.txt"
    assert main(["draft", str(article), "--source-id", "Not A Slug"]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"briefings draft: {article}: --source-id 'Not A Slug' is not a slug (a-z, 0-9, -)\n"
    )


def test_a_bad_published_date_is_a_usage_error(
    seeds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = ARTICLES / "kirghizistan-turquie.fr.txt"
    with pytest.raises(SystemExit) as stopped:
        main(["draft", str(article), "--published", "2025-02-30"])
    assert stopped.value.code == 2
    assert "must be a date YYYY-MM-DD, not '2025-02-30'" in capsys.readouterr().err
