"""The web dashboard: a plain Flask blueprint at ``/dashboard`` (not flask-smorest, so it stays out
of openapi.yaml), server-rendered, on the same service functions as the JSON API.

Security wiring (docs/dashboard.md): flask-login sessions in a signed cookie (HttpOnly,
SameSite=Lax, Secure per ``PINBRIDGE_SECURE_COOKIES``); CSRF checked by Flask-WTF on every
state-changing request to this blueprint only (the API authenticates by key and is untouched);
every workspace page goes through ``users.access`` (membership or 404).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets

from flask import Flask, redirect, url_for
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from werkzeug.wrappers import Response

from pinbridge.runtime import Runtime

log = logging.getLogger(__name__)
csrf = CSRFProtect()
login_manager = LoginManager()


def secret_key(runtime: Runtime) -> str:
    """``PINBRIDGE_SECRET_KEY``; else derived from the token-encryption key (so every process of an
    install agrees); else a random one for this process only (sessions die with it)."""
    settings = runtime.settings
    if settings.secret_key:
        return settings.secret_key
    if settings.token_keys:
        return hmac.new(settings.token_keys[0][1], b"pinbridge-dashboard-secret", hashlib.sha256).hexdigest()
    log.warning("no PINBRIDGE_SECRET_KEY: dashboard sessions last only as long as this process")
    return secrets.token_hex(32)


def install(app: Flask, runtime: Runtime) -> None:
    from pinbridge.dashboard import views

    settings = runtime.settings
    app.config.update(
        SECRET_KEY=secret_key(runtime),
        SESSION_COOKIE_NAME="pinbridge_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=settings.secure_cookies,
        WTF_CSRF_CHECK_DEFAULT=False,  # checked by the dashboard blueprint only (views.check_csrf)
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
    )
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "dashboard.login"
    login_manager.user_loader(views.load_user)
    app.register_blueprint(views.bp)

    if "/" not in {rule.rule for rule in app.url_map.iter_rules()}:

        @app.get("/")
        def root() -> Response:
            return redirect(url_for("dashboard.home"))
