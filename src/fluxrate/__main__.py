from fluxrate.cli import main

main()
