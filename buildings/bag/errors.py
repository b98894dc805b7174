"""The one exception the BAG reader raises for input it cannot read."""

from django.utils.translation import gettext as _


class BagError(Exception):
    """A path that is not a readable BAG extract: not a BAG file, a broken zip or broken XML.

    The message is one line in the active language (a job stores it as the rest of its
    messages, in the portal's language), and names the file part at fault, so a management
    command or an upload page can show it as it is. A library's own words (zip, SQLite, XML
    parser) are kept as the technical detail after the colon.
    """

    def __init__(self, message: str, part: str = "") -> None:
        where = f" [{part}]" if part else ""
        super().__init__(f"{message}{where}")
        self.part = part


def not_bag(part: str, why: str = "") -> BagError:
    """The error for a file or folder that holds no BAG 2.0 extract; `why` already translated."""
    if why:
        return BagError(_("Not a BAG 2.0 extract (%(why)s)") % {"why": why}, part=part)
    return BagError(_("Not a BAG 2.0 extract"), part=part)


def broken_zip(part: str, why: str) -> BagError:
    """The error for a zip that cannot be read."""
    return BagError(_("Broken zip file: %(why)s") % {"why": why}, part=part)


def broken_xml(part: str, why: str) -> BagError:
    """The error for XML that cannot be parsed or lacks what a BAG file must have."""
    return BagError(_("Broken XML: %(why)s") % {"why": why}, part=part)


def broken_gpkg(part: str, why: str) -> BagError:
    """The error for a GeoPackage that cannot be read or lacks the BAG layers."""
    return BagError(_("Broken GeoPackage: %(why)s") % {"why": why}, part=part)
