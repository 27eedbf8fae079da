"""Domain actions, free of Flask: each module is one noun."""
