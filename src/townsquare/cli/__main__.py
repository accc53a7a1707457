from townsquare.cli.main import cli

cli()
