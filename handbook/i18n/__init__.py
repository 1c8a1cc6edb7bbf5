"""Languages: the message catalogs, the translation function and locale formatting."""
