print("rollmon")
