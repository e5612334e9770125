"""Stage 3, the graph: records to RDF triples, validated, written into a store and read back out.

Records to triples (:mod:`.rdf`), the RDFS entailments stored with them (:mod:`.entail`), SHACL as
SPARQL on the store (:mod:`.shacl`), the build pipeline (:mod:`.build`), applying
reviewed drafts (:mod:`.apply`), exports (:mod:`.export`), counts (:mod:`.stats`), atomic file writing
(:mod:`.files`) and the stores themselves (:mod:`.store`).
"""
