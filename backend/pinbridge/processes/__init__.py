"""Process entry points: the ``pinbridge`` command line (``cli``), the embedded all-in-one runner
(``dev``) and the embedded Redis it starts, serving the app with gunicorn (``serving``), applying
migrations (``migrate``), writing the contract (``openapi``) and the start-up checks every
long-running process makes first (``preflight``). The workers' own loop is ``jobs/worker.py``."""
