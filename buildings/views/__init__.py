"""The buildings app's pages: the buildings table and a building's page, flags, the imports,
the label-C duty worklists, the investors' plans and the market transactions."""
