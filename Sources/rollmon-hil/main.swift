print("rollmon-hil: no checks yet")
