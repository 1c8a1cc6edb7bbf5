"""Dates: the build date, business days, due dates and reply-by times."""
