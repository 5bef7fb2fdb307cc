"""The change log: every record written or deleted, in commit order, with the body it
took. It is the feed a replica follows (``/v1/changes``) and each record's history."""
