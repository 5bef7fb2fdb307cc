"""The collections: one folder per record type of the catalogue, and the registry the
kit serves them from.

Each ``resources/<folder>/resource.py`` declares its ``RESOURCE``; the folders are found
here rather than listed, so adding a record type is its folder and its member of
``RecordType``, nothing else. Every member must have exactly one folder.
"""

import importlib
import pkgutil

from briefings.catalog import RecordType
from briefings.kit.collection import Registry
from briefings.kit.refs import RefTarget
from briefings.kit.resource import Resource


def _declared() -> dict[str, Resource]:
    found: dict[str, Resource] = {}
    for module in pkgutil.iter_modules(__path__):
        if not module.ispkg:
            continue
        declared = importlib.import_module(f"{__name__}.{module.name}.resource").RESOURCE
        if not isinstance(declared, Resource):
            raise TypeError(f"resources/{module.name}/resource.py: RESOURCE is not a Resource")
        if declared.type in found:
            raise TypeError(f"resources/{module.name}: a second folder for {declared.type!r}")
        found[declared.type] = declared
    missing = [str(record_type) for record_type in RecordType if record_type not in found]
    unknown = sorted(set(found) - set(RecordType))
    if missing or unknown:
        raise TypeError(
            f"the catalogue and resources/ disagree: no folder for {missing}, "
            f"no RecordType for {unknown}"
        )
    return found


_BY_TYPE = _declared()

# In the catalogue's order, which is the load order.
ALL: tuple[Resource, ...] = tuple(_BY_TYPE[record_type] for record_type in RecordType)

REGISTRY = Registry(
    {resource.type: resource for resource in ALL},
    {
        resource.type: RefTarget(resource.type, resource.collection, resource.model, *resource.name)
        for resource in ALL
    },
)
