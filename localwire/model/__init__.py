"""The ground floor: what every part means by a dataset, a period, a status, a fact and a number.

Nothing here reads a file or the store; every other part imports from here.
"""
