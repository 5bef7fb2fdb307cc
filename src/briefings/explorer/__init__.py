"""The explorer: HTML pages for people, at ``/``, beside the JSON API at ``/v1``.

Pages are server-rendered (Jinja2) from what the API's own functions answer, called in
process on the page's read connection (``reads.py``): the same filters, facets, cursors,
search and errors, never a second model of the data. They pass the same stack as the
API (request id, steps, response cache) and carry ETags like any answer.

- ``paths``: which request paths are pages (the security headers and the response cache
  ask), and how an API ``href`` maps to a page.
- ``language``: French or English labels, from ``?lang=`` or ``Accept-Language``.
- ``reads``: the API's answers as Python data.
- ``highlights``: a source's text cut into segments, each with the records citing it.
- ``charts``: inline SVG bars for figures forming a series.
- ``views`` / ``router``: the pages and their routes.
"""
