"""Drafting seed records from an unseen French article, for an editor to review.

``draft_article`` is the core: text in, a draft out (the seed document, with each
record's confidence and the reason it was drafted). ``briefings draft`` prints it as a
seed file; an HTTP route can answer the same dict as JSON.
"""

from briefings.drafting.article import ArticleProblem, read_article
from briefings.drafting.draft import draft_article
from briefings.drafting.pipeline import PipelineMissing

__all__ = ["ArticleProblem", "PipelineMissing", "draft_article", "read_article"]
