"""Numbers on the English pages in Dutch notation, as on the Dutch ones (1.234 m2, 7,6%): the
portal's readers are Dutch and a page mixes numbers that the `dutch` template filters write with
numbers that Django localizes (a count in a plural text). Dates keep Django's English formats:
the templates write them with the `dutch` filters already."""

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
