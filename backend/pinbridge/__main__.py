from pinbridge.cli import main

main()
