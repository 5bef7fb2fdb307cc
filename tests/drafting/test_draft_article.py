"""`draft_article`, the core an HTTP route can call: a dict that is JSON, whose document
the seed loader takes as it is, and whose records say how sure they are."""

import json
from pathlib import Path

import pytest

from briefings.drafting import ArticleProblem, draft_article
from briefings.seeding import resolve
from briefings.seeding.reader import ParsedSeed
from briefings.seeding.schemas import SeedFile

ARTICLE = Path(__file__).parent / "articles" / "kazakhstan-chine.fr.txt"


def test_the_draft_is_json_and_its_document_loads_in_memory() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    draft = draft_article(text, file_name=ARTICLE.name)
    assert json.loads(json.dumps(draft)) == draft
    seed = SeedFile.model_validate(draft["document"])
    _, problems = resolve([ParsedSeed.in_memory(seed, text)])
    assert problems == []


def test_every_record_has_a_confidence_and_a_reason() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    draft = draft_article(text, file_name=ARTICLE.name)
    document = draft["document"]
    drafted = {
        (collection, record["id"])
        for collection, records in document.items()
        if collection != "source"
        for record in records
    }
    described = {(r["collection"], r["id"]) for r in draft["records"]}
    assert drafted == described
    assert all(0 < r["confidence"] <= 1 and r["why"] for r in draft["records"])


def test_the_source_names_the_file_its_sections_and_no_guessed_fields() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    source = draft_article(text, file_name=ARTICLE.name, source_id="kz-cn")["document"]["source"]
    assert source["id"] == "kz-cn"
    assert source["file"] == ARTICLE.name
    assert source["language"] == "fr"
    assert (source["publisher"], source["url"], source["published_date"]) == (None, None, None)
    assert [s["heading"] for s in source["sections"]] == [None, "Transport et logistique"]


def test_text_that_is_not_an_article_raises_article_problem() -> None:
    with pytest.raises(ArticleProblem, match="not French"):
        draft_article("The minister said that the two countries agree.", file_name="en.txt")


@pytest.mark.parametrize("attribution", ["a-t-il ajouté", "ajoute-t-il", "a-t-il déclaré"])
def test_a_quote_attributed_by_a_pronoun_is_the_last_person_named(attribution: str) -> None:
    text = (
        "Le ministre ouzbek de l’Énergie Jourabek Mirzamakhmoudov a visité le chantier. "
        "Il a rencontré des ingénieurs sur place.\n"
        f"« Nous livrerons la première turbine avant l’hiver », {attribution}.\n"
    )
    [quote] = draft_article(text, file_name="t.fr.txt")["document"]["statements"]
    assert quote["kind"] == "direct-quote"
    assert quote["speakers"] == ["jourabek-mirzamakhmoudov"]
