"""The dashboard's forms (Flask-WTF: each carries its CSRF token) and the one NUL-byte rule."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from pinbridge.models.webhook import DEFAULT_EVENT_TYPES, EVENT_TYPES
from pinbridge.shapes.text import NUL_MESSAGE, has_nul


def no_nul(form: Any, field: Any) -> None:
    """Every text input refuses NUL bytes, by the API's own rule (shapes/text.py)."""
    data = field.data
    values = data if isinstance(data, list) else [data]
    if any(has_nul(v) for v in values):
        raise ValidationError(NUL_MESSAGE)


class ActionForm(FlaskForm):
    """A button that changes state: nothing but its CSRF token."""


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=320), no_nul])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1000), no_nul])


class SignupForm(LoginForm):
    invite = StringField("Invitation", validators=[Length(max=200), no_nul])


class ResetRequestForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=320), no_nul])


class ResetForm(FlaskForm):
    password = PasswordField("New password", validators=[DataRequired(), Length(max=1000), no_nul])


class ChangePasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired(), Length(max=1000), no_nul])
    password = PasswordField("New password", validators=[DataRequired(), Length(max=1000), no_nul])


class WorkspaceForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200), no_nul])
    environment = SelectField("Environment", choices=[("sandbox", "Sandbox"), ("live", "Live")])


class InviteForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=320), no_nul])
    role = SelectField("Role", choices=[("member", "Member"), ("owner", "Owner")])


class KeyForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200), no_nul])
    read = BooleanField("read", default=True)
    write = BooleanField("write", default=True)


class WebhookForm(FlaskForm):
    url = StringField("URL", validators=[DataRequired(), Length(max=2048), no_nul])
    description = StringField("Description", validators=[Length(max=500), no_nul])
    events = SelectMultipleField(
        "Events",
        choices=[(e, e) for e in EVENT_TYPES],
        default=list(DEFAULT_EVENT_TYPES),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validators=[no_nul],
    )
