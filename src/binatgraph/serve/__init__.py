"""The SPARQL endpoint and its query page (``binatgraph serve``)."""

from binatgraph.serve.app import EndpointSettings, create_app

__all__ = ["EndpointSettings", "create_app"]
