"""`briefings draft`: the article in, the draft (or its evaluation) out.

Every refusal is one line on stderr naming the file and the reason, with exit status 1;
no traceback reaches the user.
"""

import datetime as dt
import sys
from pathlib import Path

from briefings.config import get_settings
from briefings.drafting.article import ArticleProblem, read_article
from briefings.drafting.draft import draft_article
from briefings.drafting.pipeline import PipelineMissing
from briefings.drafting.reference import read_reference
from briefings.drafting.source import source_id_for
from briefings.drafting.spans import slug
from briefings.drafting.writer import to_yaml


def run_draft(
    article: str, source_id: str | None, published: dt.date | None, evaluate: str | None
) -> int:
    path = Path(article)
    try:
        text = read_article(path)
        if source_id is not None and slug(source_id) != source_id:
            raise ArticleProblem(f"--source-id {source_id!r} is not a slug (a-z, 0-9, -)")
        gold = None
        if evaluate is not None:
            from briefings.drafting.evaluation import read_gold

            gold = read_gold(Path(evaluate))
        draft_id = source_id or source_id_for(path.name)
        # Measured drafts stand alone: reuse would hide records the gold file holds.
        reference = (
            None
            if gold is not None
            else read_reference(get_settings().seeds_dir, path.name, draft_id)
        )
        draft = draft_article(
            text,
            file_name=path.name,
            source_id=source_id,
            published=published,
            reference=reference,
        )
    except ArticleProblem as problem:
        print(f"briefings draft: {article}: {problem}", file=sys.stderr)
        return 1
    except PipelineMissing as problem:
        print(f"briefings draft: {problem}", file=sys.stderr)
        return 1
    if gold is not None:
        from briefings.drafting.evaluation import evaluate as score
        from briefings.drafting.evaluation import table

        print(table(score(draft["document"], gold)))
        seconds = draft["seconds"]
        print(f"seconds: model load {seconds['model_load']}, drafting {seconds['drafting']}")
        return 0
    sys.stdout.write(to_yaml(draft, path.name))
    return 0
