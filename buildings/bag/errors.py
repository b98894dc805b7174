"""The one exception the BAG reader raises for input it cannot read."""


class BagError(Exception):
    """A path that is not a readable BAG extract: not a BAG file, a broken zip or broken XML.

    The message is one line, Dutch first then English, and names the file part at fault, so a
    management command or an upload page can show it as it is.
    """

    def __init__(self, dutch: str, english: str, part: str = "") -> None:
        where = f" [{part}]" if part else ""
        super().__init__(f"{dutch} / {english}{where}")
        self.part = part


def not_bag(part: str, why: str = "") -> BagError:
    """The error for a file or folder that holds no BAG 2.0 extract."""
    extra = f" ({why})" if why else ""
    return BagError(f"Geen BAG 2.0-extract{extra}", f"not a BAG 2.0 extract{extra}", part=part)


def broken_zip(part: str, why: str) -> BagError:
    """The error for a zip that cannot be read."""
    return BagError(f"Kapot zipbestand: {why}", f"broken zip file: {why}", part=part)


def broken_xml(part: str, why: str) -> BagError:
    """The error for XML that cannot be parsed or lacks what a BAG file must have."""
    return BagError(f"Kapotte XML: {why}", f"broken XML: {why}", part=part)


def broken_gpkg(part: str, why: str) -> BagError:
    """The error for a GeoPackage that cannot be read or lacks the BAG layers."""
    return BagError(f"Kapot GeoPackage: {why}", f"broken GeoPackage: {why}", part=part)
