"""The costliest URLs of issue 10, and their largest forms within the value caps.

``urls()`` gives the issue's forms (the first request of each is what the corpus
replays); ``urls(salt=...)`` changes a value in each, so a repeated request misses every
cache and does the database work again (the `/healthz` figure runs them so).
"""

from __future__ import annotations

import itertools
import string

LETTERS = string.ascii_uppercase
ALL_COUNTRIES = [a + b for a, b in itertools.product(LETTERS, LETTERS)]
ALPHABET_BACKWARDS = " ".join(reversed(string.ascii_lowercase))
FACETS = "facet=kind&facet=speaker&facet=country&facet=area"
REAL_AREAS = ["syn-area-water", "syn-area-health"]

# The names of the URLs that stay within the caps: a result or the timeout problem.
WITHIN_CAPS = (
    "2 areas + 98 made-up",
    "100 countries + facets",
    "q=p o ... a (16 words)",
    "search q=a",
    "statements q=a + 4 facets",
)
# The four the `/healthz` figure runs at once, repeated with fresh values.
CONCURRENT = (
    "2 areas + 98 made-up",
    "100 countries + facets",
    "q=p o ... a (16 words)",
    "statements q=a + 4 facets",
)


def _areas(made_up: int, salt: str) -> str:
    names = REAL_AREAS + [f"made-up{salt}-{index}" for index in range(made_up)]
    return "&".join(f"area={name}" for name in names)


def _fresh(salt: str) -> str:
    return f"&date_from=2000-01-{len(salt) % 28 + 1:02d}" if salt else ""


def urls(salt: str = "") -> dict[str, str]:
    """The issue's worst URLs by name; a ``salt`` makes each one new to every cache."""
    countries = ALL_COUNTRIES[:100] if not salt else ALL_COUNTRIES[-100:][::-1][:99]
    return {
        "2 areas + 1000 made-up": "/v1/statements?" + _areas(1000, salt),
        "2 areas + 98 made-up": "/v1/statements?" + _areas(98, salt),
        "676 countries + facets": "/v1/statements?"
        + "&".join(f"country={c}" for c in ALL_COUNTRIES)
        + "&"
        + FACETS,
        "100 countries + facets": "/v1/statements?"
        + "&".join(f"country={c}" for c in countries)
        + "&"
        + FACETS
        + _fresh(salt),
        "q=z y x ... a (26 words)": "/v1/statements?q=" + ALPHABET_BACKWARDS.replace(" ", "+"),
        "q=p o ... a (16 words)": "/v1/statements?q="
        + "+".join(reversed(string.ascii_lowercase[:16]))
        + _fresh(salt),
        "search q=a": "/v1/search?q=a" + (f"&offset={len(salt)}" if salt else ""),
        "statements q=a + 4 facets": "/v1/statements?q=a&" + FACETS + _fresh(salt),
    }
