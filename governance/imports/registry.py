"""The master tables that can be imported, by the name used in URLs and on the command line."""

from __future__ import annotations

from governance.imports.goods import GoodsImporter
from governance.imports.people import PeopleImporter
from governance.imports.runner import Importer

IMPORTERS: dict[str, Importer] = {
    importer.sheet.name: importer for importer in (GoodsImporter(), PeopleImporter())
}
