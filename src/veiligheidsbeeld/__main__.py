from veiligheidsbeeld.cli import main

main()
