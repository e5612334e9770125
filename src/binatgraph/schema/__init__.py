"""Stage 0, the schema: what the graph is made of, declared once.

The pydantic records (:mod:`.model`), the table of entity kinds (:mod:`.kinds`), the project's RDF
vocabulary and prefixes (:mod:`.vocab`), stable IRIs and their inverse (:mod:`.ids`), and the ontology
files (:mod:`.resources`). Every later stage imports from here; this package imports no other stage.
"""
