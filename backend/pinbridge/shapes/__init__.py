"""Shapes shared by the API, the jobs and the dashboard (marshmallow only, no Flask): a pin, an
account, the error envelope. ``api/`` documents and returns them; ``jobs/`` writes them into webhook
events; the dashboard renders them — so each object looks the same wherever it is seen."""
