"""Pure rules: dates, working days, deadlines, recurrence, errors. No Flask, no database."""
