"""Secret values read from the environment for config and resources, kept out of events and logs.

Every value an ``EnvVar`` (or a run-config ``{"env": NAME}``) resolves to is remembered by the
process; ``redact_secrets`` replaces those values in text about to be stored or printed (error
messages, tracebacks, log messages). Config and resource models also print such fields, and fields
whose names look secret, as ``'***'`` in their ``repr``.
"""

import threading

REDACTED = "***"
SECRET_NAME_WORDS = (
    "password",
    "passwd",
    "secret",
    "token",
    "api_key",
    "apikey",
    "credential",
    "private_key",
    "access_key",
    "authorization",
)
# Shorter values ("1", "on") would blank out ordinary words of every message.
MIN_SECRET_LENGTH = 4

_lock = threading.Lock()
_secrets: set[str] = set()
_ordered: tuple[str, ...] = ()


def remember_secret(value: object) -> None:
    """Remember a value resolved from the environment so that ``redact_secrets`` hides it.

    Examples:
        >>> remember_secret("doctest-s3cret")
        >>> redact_secrets("login failed for doctest-s3cret")
        'login failed for ***'
    """
    global _ordered
    if not isinstance(value, str) or len(value) < MIN_SECRET_LENGTH or value in _secrets:
        return
    with _lock:
        _secrets.add(value)
        _ordered = tuple(sorted(_secrets, key=len, reverse=True))  # longest first: no partial leftovers


def secrets_remembered() -> bool:
    """Whether any value was read from the environment for config or a resource in this process."""
    return bool(_ordered)


def is_remembered_secret(value: object) -> bool:
    """Whether ``value`` is a value read from the environment for config or a resource."""
    return isinstance(value, str) and value in _secrets


def redact_secrets(text: str) -> str:
    """``text`` with every remembered secret value replaced by ``***``.

    Examples:
        >>> redact_secrets("nothing secret here")
        'nothing secret here'
    """
    for secret in _ordered:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def is_secret_name(name: str) -> bool:
    """Whether a field or key name suggests a secret value.

    Examples:
        >>> is_secret_name("db_password"), is_secret_name("API_KEY"), is_secret_name("host")
        (True, True, False)
    """
    lowered = name.lower()
    return any(word in lowered for word in SECRET_NAME_WORDS)
