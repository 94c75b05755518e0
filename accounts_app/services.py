"""Users, roles and tokens: create users with a role, issue and check API tokens.

Each change is audited: ``actor`` is the user making it (None: the command line),
``request`` gives the client address.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from orchestrator_site.errors import DomainError

from .audit import audit_record
from .models import ApiToken, AuditAction, Role, UserRole, hash_token


def user_role(user: Any) -> Role | None:
    """The user's role; superusers are admins, users without a role row are viewers."""
    if user is None or not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role("admin")
    row = getattr(user, "role", None)
    return Role(row.role) if row is not None else Role("viewer")


def _checked_password(password: str, user: Any) -> str:
    try:
        validate_password(password, user)
    except Exception as exc:
        raise DomainError("password", " ".join(getattr(exc, "messages", [str(exc)]))) from None
    return password


@transaction.atomic
def user_create(
    *, username: str, role: str, password: str | None = None, actor: Any = None, request: Any = None
) -> Any:
    """Create a user with ``role``; a user without a password can only use tokens."""
    if role not in Role.values:
        raise DomainError("role", f"Unknown role '{role}'; use one of {', '.join(Role.values)}")
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise DomainError("username", f"User '{username}' already exists")
    user = User(username=username, is_staff=role == Role.ADMIN)
    if password is not None:
        user.set_password(_checked_password(password, user))
    else:
        user.set_unusable_password()
    user.save()
    UserRole.objects.create(user=user, role=role)
    audit_record(
        action=AuditAction.USER_CREATED,
        target_type="user",
        target_id=username,
        actor=actor,
        request=request,
        details={"role": role, "password": password is not None},
    )
    return user


@transaction.atomic
def user_set_role(*, username: str, role: str, actor: Any = None, request: Any = None) -> Any:
    if role not in Role.values:
        raise DomainError("role", f"Unknown role '{role}'; use one of {', '.join(Role.values)}")
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise DomainError("username", f"No user '{username}'")
    before = user_role(user)
    UserRole.objects.update_or_create(user=user, defaults={"role": role})
    user.is_staff = role == Role.ADMIN
    user.save(update_fields=["is_staff"])
    audit_record(
        action=AuditAction.USER_ROLE_CHANGED,
        target_type="user",
        target_id=username,
        actor=actor,
        request=request,
        details={"from": before.value if before else None, "to": role},
    )
    return user


@transaction.atomic
def user_set_password(*, username: str, password: str, actor: Any = None, request: Any = None) -> Any:
    """Set the password ``username`` signs in with (validated like any new password)."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise DomainError("username", f"No user '{username}'")
    user.set_password(_checked_password(password, user))
    user.save(update_fields=["password"])
    audit_record(
        action=AuditAction.USER_PASSWORD_CHANGED,
        target_type="user",
        target_id=username,
        actor=actor,
        request=request,
    )
    return user


@transaction.atomic
def token_create(*, username: str, name: str, actor: Any = None, request: Any = None) -> tuple[ApiToken, str]:
    """Issue a token for ``username``; the key is returned once and only its hash is stored."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise DomainError("username", f"No user '{username}'")
    if ApiToken.objects.filter(user=user, name=name).exists():
        raise DomainError("name", f"User '{username}' already has a token named '{name}'")
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user, name=name, prefix=key[4 : 4 + ApiToken.PREFIX_LENGTH], key_hash=hash_token(key)
    )
    audit_record(
        action=AuditAction.TOKEN_CREATED,
        target_type="token",
        target_id=token.id,
        actor=actor,
        request=request,
        details={"user": username, "name": name, "prefix": token.prefix},
    )
    return token, key


@transaction.atomic
def token_revoke(*, user: Any, token_id: int, request: Any = None) -> None:
    """Delete one of ``user``'s tokens (``user`` is the actor); someone else's token is unknown (404)."""
    from orchestrator_site.errors import NotFound

    token = ApiToken.objects.filter(user=user, id=token_id).values("name", "prefix").first()
    deleted, _ = ApiToken.objects.filter(user=user, id=token_id).delete()
    if not deleted or token is None:
        raise NotFound(f"No token {token_id}")
    audit_record(
        action=AuditAction.TOKEN_DELETED,
        target_type="token",
        target_id=token_id,
        actor=user,
        request=request,
        details={"user": user.get_username(), **token},
    )


def token_authenticate(key: str) -> ApiToken | None:
    """The token whose key this is (and mark it used), or None."""
    token = ApiToken.objects.select_related("user", "user__role").filter(key_hash=hash_token(key)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(id=token.id).update(last_used_at=now)
    return token
