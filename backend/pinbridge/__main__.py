from pinbridge.processes.cli import main

main()
