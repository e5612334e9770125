"""Stage 2, records: from curated YAML or parsed report items to validated pydantic records.

Reading ``data/`` (:mod:`.dataset`), the gazetteer and name lookup (:mod:`.gazetteer`), finding known
names in text (:mod:`.linking`), extraction of people, bodies, places and topics (:mod:`.extract`),
reviewable drafts (:mod:`.drafts`) and scoring against curated data (:mod:`.evaluate`). It imports the
schema and the report reader; it never touches RDF or the store.
"""
