"""binatgraph: a knowledge graph of the US–Mexico relationship."""

__version__ = "0.1.0"
