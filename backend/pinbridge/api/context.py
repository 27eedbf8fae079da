"""The request's view of the process: the Runtime the app was built with."""

from __future__ import annotations

from flask import current_app

from pinbridge.runtime import Runtime


def runtime() -> Runtime:
    found: Runtime = current_app.extensions["pinbridge"]
    return found
