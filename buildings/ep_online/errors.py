"""The one exception for a file that is not a readable EP-Online monthly file."""


class EnergyLabelFileError(Exception):
    """Not an EP-Online file, a required column missing, or rows the database cannot read.

    The message is one line, Dutch first then English, so a management command or an upload page
    can show it as it is. Raised before anything is written, or inside the import's transaction,
    which then writes nothing.
    """

    def __init__(self, dutch: str, english: str) -> None:
        super().__init__(f"{dutch} / {english}")


def not_ep_online(why: str, waarom: str) -> EnergyLabelFileError:
    """The error for a file that is not an EP-Online monthly file (`why` in English, `waarom`
    in Dutch)."""
    return EnergyLabelFileError(
        f"Geen EP-Online-bestand: {waarom}", f"not an EP-Online file: {why}"
    )
