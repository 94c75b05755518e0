"""``Authorization: Token <key>`` for scripts."""

from typing import Any

from rest_framework import authentication, exceptions

from .services import token_authenticate


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Invalid token header: use 'Authorization: Token <key>'")
        token = token_authenticate(header[1].decode(errors="replace"))
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid or revoked token")
        return token.user, token

    def authenticate_header(self, request: Any) -> str:
        return self.keyword
