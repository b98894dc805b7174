"""Reading and generating EP-Online's monthly file of energy labels (CSV, `;`, read by header).

No database access here: `source.open_file` checks the preamble and the header and hands the data
rows on as a byte stream (the import COPYs it as it is), `generator.write_file` writes test files
in the published layout.
"""

from buildings.ep_online.errors import EnergyLabelFileError
from buildings.ep_online.source import EpOnlineFile, open_file

__all__ = ["EnergyLabelFileError", "EpOnlineFile", "open_file"]
