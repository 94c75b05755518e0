"""Domain errors raised by services; the API maps them to 400/404 responses naming the field."""


class DomainError(Exception):
    """A use-case failure caused by the request: becomes a 400 naming ``field``."""

    def __init__(self, field: str, message: str, status_code: int = 400):
        super().__init__(message)
        self.field = field
        self.message = message
        self.status_code = status_code


class NotFound(DomainError):
    """An unknown id or key: becomes a 404."""

    def __init__(self, message: str):
        super().__init__("detail", message, 404)
