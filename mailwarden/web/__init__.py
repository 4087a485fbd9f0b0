"""The web panel: server-rendered pages that only parse input, call services and selectors,
and render. Every view declares who may call it (``mailwarden.web.access``)."""
