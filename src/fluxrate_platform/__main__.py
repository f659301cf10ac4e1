from fluxrate_platform.cli import main

main()
