"""Reading and generating Kadaster BAG 2.0 extracts (LVBAG XML, zipped, or the BAG GeoPackage).

No database access here: `reader` streams typed records (`records`), `generator` writes test
extracts in the Kadaster's layout. The importer that turns records into buildings builds on this.
"""

from buildings.bag.errors import BagError
from buildings.bag.reader import BagExtract

__all__ = ["BagError", "BagExtract"]
