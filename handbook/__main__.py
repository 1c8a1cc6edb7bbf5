from handbook.commands.cli import main

main()
