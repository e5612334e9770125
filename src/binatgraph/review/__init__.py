"""The review workbench: judge what drafts propose, fix their items, and finish into data/ and the store.

``session.py`` holds what a review does (shared by ``binatgraph review``'s options and the page);
``app.py`` serves the page on loopback (a starlette app, its assets in ``assets/``, nothing fetched
from elsewhere).
"""
