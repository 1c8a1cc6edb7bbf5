"""The command line: one function per `handbook` command, and what each runs."""
