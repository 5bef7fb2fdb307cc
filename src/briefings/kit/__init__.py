"""What every collection does the same way. The kit never imports a resource
(``tests/test_layout.py`` holds it to that): a resource declares, the kit does.

The kit's private words, one paragraph each:

- **Resource** (``resource.py``): one record type's declaration: its output model (whose
  ``type`` literal names the type), table, reference name, references, links, filters,
  sorts, facets and seed input. Everything else about a collection is derived from it.
- **Reference** / **Link** / **Nested** (``resource.py``): how a record names others: by a
  column of its own table (``speaker_id``), by rows of a link table kept in curated
  order (``statement_areas``), or inside a JSON column (an actor's roles).
- **Mention** (``resource.py``): "records of this type name records of that type, and the
  id is kept here"; derived from references and links, it is how a rename finds the
  bodies to render again.
- **Batch** (``refs.py``): the look-ups of one page of records (references, links,
  evidence), one query per related table rather than one per row.
- **RefTarget** (``refs.py``): how a reference names a record of one type: its
  collection and the two columns of its French and English name.
- **Registry** (``collection.py``): every resource by record type, with their
  RefTargets; what routes and the loader serve and render from.
- **Part** (``filters.py``): a filter's share of one query: SQL built around a named
  parameter, the value that parameter gets, and a key telling apart the SQL the filter
  can make. Equal keys must mean equal SQL (``tests/test_plans.py``).
- **Context** (``filters.py``): what a filter may consult to choose its SQL: the session
  and counts kept per data revision.
- **Plan** (``plans.py``): a page's SQL for one shape (filters present, sort, cursor or
  not), built and compiled once, then run with new values only.
- **Order** / **SortKey** (``paging.py``): the sort of a page and the keyset cursor made
  from its last row.
- **AggregateCache** (``aggregates.py``): totals and facet counts kept per data revision.
- **Body** (``bodies.py``): a record's listed JSON, rendered from its output model when
  the record is written, stored with ``body_version`` (the hash of the model's schema).
- **Step** (``serving/server.py``, outside the kit): an ASGI layer in front of the
  response cache that every request passes (request id, and later limits, metrics,
  auth).
- **ResponseCache** (``serving/cache.py``, outside the kit): GET answers kept and
  served again, byte for byte, until the data revision moves.
- **Known** (``seeding/resolve.py``, outside the kit): ids a database already holds, by
  record type, which a load's references may name.
"""
