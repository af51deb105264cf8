"""Master tables offices keep in Excel: a template per table and an all-or-nothing import."""
