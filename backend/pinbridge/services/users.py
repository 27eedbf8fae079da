"""Dashboard users: sign-up (with a sandbox workspace), sign-in without user enumeration,
memberships (the only way a user reaches a workspace), invitations and password resets.

Password hashes are argon2id (argon2-cffi's defaults). Sign-in always runs one argon2 verify,
against a fixed dummy hash when the email is unknown, so an unknown email and a wrong password take
the same path and get the same error. Reset links are signed and expiring (itsdangerous, keyed by
the dashboard's secret key) and single-use (a ``password_resets`` row is marked used by
compare-and-set); invitation tokens are random and only their SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

import argon2
import itsdangerous
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from pinbridge import db
from pinbridge.errors import Conflict, Forbidden, NotFound, Unauthorized, ValidationFailed
from pinbridge.ids import new_id, random_token
from pinbridge.models import Invitation, Membership, PasswordReset, User, Workspace
from pinbridge.models.user import MEMBER, OWNER, ROLES
from pinbridge.runtime import Runtime
from pinbridge.services import activity
from pinbridge.services.workspaces import NewWorkspace, create_workspace
from pinbridge.timeutil import utcnow

hasher = argon2.PasswordHasher()
_DUMMY_HASH = hasher.hash("pinbridge-no-such-user")
MIN_PASSWORD = 10
RESET_SECONDS = 3600
INVITE_SECONDS = 7 * 24 * 3600


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalize_email(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or len(email) > 320:
        raise ValidationFailed("Enter a valid email address.", fields={"email": ["Not an email address."]})
    return email


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationFailed(
            f"Use a password of at least {MIN_PASSWORD} characters.", fields={"password": ["Too short."]}
        )


@dataclass(frozen=True)
class SignedUp:
    user: User
    workspace: NewWorkspace | None


def create_user(runtime: Runtime, email: str, password: str, *, with_sandbox: bool = True) -> SignedUp:
    """A user, and (unless joining through an invitation) their own sandbox workspace with a
    connected simulator account, made by the same function as ``pinbridge workspace create``."""
    email = normalize_email(email)
    check_password(password)
    user = User(id=new_id("usr"), email=email, password_hash=hasher.hash(password), created_at=utcnow())
    try:
        with runtime.db.session() as session:
            session.add(user)
    except IntegrityError:
        raise Conflict("An account with this email already exists; sign in instead.", code="user_exists") from None
    created = None
    if with_sandbox:
        created = add_workspace(runtime, user, "Sandbox", "sandbox")
    return SignedUp(user, created)


def add_workspace(runtime: Runtime, user: User, name: str, environment: str) -> NewWorkspace:
    created = create_workspace(runtime, name, environment)
    with runtime.db.session() as session:
        session.add(Membership(user_id=user.id, workspace_id=created.workspace_id, role=OWNER, created_at=utcnow()))
        activity.record(session, created.workspace_id, "workspace.created", actor=f"user:{user.id}", name=name)
    return created


def add_member(runtime: Runtime, user: User, workspace_id: str, role: str = OWNER) -> None:
    with runtime.db.session() as session:
        if session.get(Workspace, workspace_id) is None:
            raise NotFound(f"No workspace {workspace_id!r}.", code="workspace_not_found")
        session.add(Membership(user_id=user.id, workspace_id=workspace_id, role=role, created_at=utcnow()))


def authenticate(runtime: Runtime, email: str, password: str) -> User:
    with runtime.db.reading() as session:
        user = session.scalar(select(User).where(User.email == email.strip().lower()))
    try:
        hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        user = None
    if user is None:
        raise Unauthorized("Email or password is incorrect.", code="invalid_login")
    return user


def get_user(runtime: Runtime, user_id: str) -> User | None:
    with runtime.db.reading() as session:
        return session.get(User, user_id)


def change_password(runtime: Runtime, user: User, current: str, new: str) -> User:
    authenticate(runtime, user.email, current)
    return _set_password(runtime, user.id, new)


def _set_password(runtime: Runtime, user_id: str, new: str) -> User:
    check_password(new)
    with runtime.db.session() as session:
        found = session.get(User, user_id)
        assert found is not None
        found.password_hash = hasher.hash(new)
    return found


@dataclass(frozen=True)
class Access:
    workspace: Workspace
    role: str


def workspaces_of(runtime: Runtime, user: User) -> list[Access]:
    with runtime.db.reading() as session:
        rows = session.execute(
            select(Workspace, Membership.role)
            .join(Membership, Membership.workspace_id == Workspace.id)
            .where(Membership.user_id == user.id)
            .order_by(Workspace.created_at, Workspace.id)
        )
        return [Access(ws, role) for ws, role in rows]


def access(runtime: Runtime, user: User, workspace_id: str) -> Access:
    """The workspace as this user may see it; 404 (never 403) when they are not a member."""
    with runtime.db.reading() as session:
        row = session.execute(
            select(Workspace, Membership.role)
            .join(Membership, Membership.workspace_id == Workspace.id)
            .where(Membership.user_id == user.id, Workspace.id == workspace_id)
        ).first()
    if row is None:
        raise NotFound(f"No workspace {workspace_id!r}.", code="workspace_not_found")
    return Access(row[0], row[1])


def members(runtime: Runtime, workspace: Workspace) -> list[tuple[User, str]]:
    with runtime.db.reading() as session:
        rows = session.execute(
            select(User, Membership.role)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.workspace_id == workspace.id)
            .order_by(User.email)
        )
        return [(user, role) for user, role in rows]


def invite(runtime: Runtime, workspace: Workspace, email: str, role: str = MEMBER, *, actor: str | None = None) -> str:
    """A new invitation; returns its token (shown once, as a link)."""
    if role not in ROLES:
        raise ValidationFailed("Unknown role.", fields={"role": [f"One of {ROLES}."]})
    token = random_token(32)
    with runtime.db.session() as session:
        invitation_id = new_id("inv")
        activity.record(
            session, workspace.id, "member.invited", actor=actor, subject_id=invitation_id, email=email, role=role
        )
        session.add(
            Invitation(
                id=invitation_id,
                workspace_id=workspace.id,
                email=normalize_email(email),
                role=role,
                token_hash=_digest(token),
                expires_at=utcnow() + timedelta(seconds=INVITE_SECONDS),
                created_at=utcnow(),
            )
        )
    return token


def find_invitation(runtime: Runtime, token: str) -> Invitation:
    with runtime.db.reading() as session:
        found = session.scalar(select(Invitation).where(Invitation.token_hash == _digest(token)))
    if found is None or found.accepted_at is not None or found.expires_at < utcnow():
        raise NotFound("This invitation is unknown, expired or already used.", code="invitation_not_found")
    return found


def accept_invitation(runtime: Runtime, user: User, token: str) -> Invitation:
    invitation = find_invitation(runtime, token)
    if invitation.email != user.email:
        raise Forbidden("This invitation is for another email address.", code="invitation_other_email")
    with runtime.db.session() as session:
        moved = db.affected(
            session.execute(
                update(Invitation)
                .where(Invitation.id == invitation.id, Invitation.accepted_at.is_(None))
                .values(accepted_at=utcnow())
            )
        )
        if not moved:
            raise NotFound("This invitation is unknown, expired or already used.", code="invitation_not_found")
        if session.get(Membership, (user.id, invitation.workspace_id)) is None:
            session.add(
                Membership(
                    user_id=user.id, workspace_id=invitation.workspace_id, role=invitation.role, created_at=utcnow()
                )
            )
            activity.record(
                session, invitation.workspace_id, "member.joined", actor=f"user:{user.id}", role=invitation.role
            )
    return invitation


def _serializer(secret_key: str) -> itsdangerous.URLSafeTimedSerializer:
    return itsdangerous.URLSafeTimedSerializer(secret_key, salt="pinbridge-password-reset")


def issue_reset(runtime: Runtime, secret_key: str, email: str) -> str | None:
    """A reset token for the user with this email, or None when there is none (the caller says
    the same thing either way)."""
    with runtime.db.session() as session:
        user = session.scalar(select(User).where(User.email == email.strip().lower()))
        if user is None:
            return None
        token = _serializer(secret_key).dumps({"u": user.id, "n": random_token(16)})
        session.add(
            PasswordReset(
                token_hash=_digest(token), user_id=user.id, expires_at=utcnow() + timedelta(seconds=RESET_SECONDS)
            )
        )
    return token


def check_reset(runtime: Runtime, secret_key: str, token: str) -> str:
    """The user id a valid, unexpired, unused reset token stands for."""
    try:
        payload = _serializer(secret_key).loads(token, max_age=RESET_SECONDS)
    except itsdangerous.BadData:
        raise _bad_reset() from None
    with runtime.db.reading() as session:
        row = session.get(PasswordReset, _digest(token))
    if row is None or row.used_at is not None or row.expires_at < utcnow() or row.user_id != payload.get("u"):
        raise _bad_reset()
    return row.user_id


def use_reset(runtime: Runtime, secret_key: str, token: str, new_password: str) -> User:
    user_id = check_reset(runtime, secret_key, token)
    check_password(new_password)
    with runtime.db.session() as session:
        moved = db.affected(
            session.execute(
                update(PasswordReset)
                .where(PasswordReset.token_hash == _digest(token), PasswordReset.used_at.is_(None))
                .values(used_at=utcnow())
            )
        )
        if not moved:
            raise _bad_reset()
    return _set_password(runtime, user_id, new_password)


def _bad_reset() -> NotFound:
    return NotFound("This reset link is invalid, expired or already used; ask for a new one.", code="reset_invalid")
