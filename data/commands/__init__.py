"""Write commands: validate, write, audit and commit in one transaction — or raise and change nothing."""
