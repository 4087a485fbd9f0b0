"""Panel views, one module per kind of object. Each view parses input, calls services and
selectors with the request's ``Actor``, and renders; none holds a business rule."""
