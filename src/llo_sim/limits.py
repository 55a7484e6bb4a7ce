"""The caps on the size of a job, in one place for the command line, the API, sweeps and the
dashboard. A value beyond a cap is a typo or a mistake more often than a question, and it can
tie up a machine for hours; every face of the program refuses it with the same numbers.
"""

MAX_MONTHS = 1200                 # a century of months: a run, a comparison, a sweep
MAX_EMPLOYEES = 2_000_000         # the registry's upper bound of n_employees
MAX_REPLICATIONS = 10_000         # runs per scenario in a comparison
MAX_RUNS = 1_000_000              # runs in one sweep design
DASHBOARD_MAX_EMPLOYEES = 20_000  # keeps a month well under a second on the screen
DASHBOARD_MAX_MONTHS = 240        # the dashboard's month sliders
