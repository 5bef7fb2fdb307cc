"""Synthetic data at any scale, written through the seeds' loading path.

``generate`` builds a registry of actors, places and areas, then French articles whose
sentences are the evidence of the statements, projects, figures and visits taken from
them. Everything is drawn from ``random.Random`` instances seeded from the seed number
and the article's index, so a seed always gives the same database, whatever the chunking.
"""

from briefings.synthetic.progress import Progress
from briefings.synthetic.run import Generated, GenerationRefused, Plan, generate

__all__ = ["Generated", "GenerationRefused", "Plan", "Progress", "generate"]
