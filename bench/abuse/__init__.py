"""Issue 10's reliability suite, run as ``python -m bench.abuse`` (``--help``).

    uv run python -m bench.abuse --soak-minutes 2

Against real ``briefings serve`` processes on a 100k-statement SQLite file (built once
into ``bench/data/``): replays every hostile input of the issue and checks its answer
(``corpus``), measures the issue's "done when" figures (``figures``), and runs a soak of
mixed reads while ``briefings seed`` writes (``soak``). Writes a text report and a JSON
file under ``bench/results/abuse/``; exits 1 when any check fails, 2 on a bad option.

Modules: ``cli`` (options, servers, order), ``corpus`` (the hostile inputs and their
expected answers), ``figures``, ``soak``, ``urls`` (the costly URLs), ``wire`` (raw HTTP
exchanges), ``servers`` (served processes and their memory), ``report``.
"""
