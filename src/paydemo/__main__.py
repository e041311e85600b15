from paydemo.cli import main

main()
