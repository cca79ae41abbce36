"""The three rates and the reports built on them."""
