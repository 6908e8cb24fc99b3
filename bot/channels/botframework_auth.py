"""Validate the JWT that the Bot Framework connector sends with every activity.

Follows Microsoft's "Authenticate requests from the Bot Connector service": RS256 only, issuer from
the OpenID metadata, audience = our app id, expiry with five minutes' clock skew, a signing key from
the published JWKS that (when it lists endorsements) endorses the activity's channel, and a
`serviceurl` claim equal to the activity's serviceUrl, so a token cannot redirect our replies (and
our bearer token) elsewhere. Every refusal carries a short machine-readable reason for the log.
"""

from __future__ import annotations

from typing import Any, Dict, Optional

import jwt
from jwt.algorithms import RSAAlgorithm

ALGORITHMS = ["RS256"]
CLOCK_SKEW_S = 300


class AuthError(Exception):
    """The request is refused (401); `reason` is logged, never shown to the caller."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def bearer_token(header: Optional[str]) -> str:
    if not header:
        raise AuthError("no_authorization_header")
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError("not_a_bearer_token")
    return token.strip()


def key_id(token: str) -> str:
    """The signing key's id from the token header (not yet trusted: it only picks the key)."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise AuthError("malformed_token") from None
    if header.get("alg") not in ALGORITHMS:
        raise AuthError("unsupported_algorithm")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise AuthError("no_key_id")
    return kid


def _same_url(a: str, b: str) -> bool:
    return a.rstrip("/").lower() == b.rstrip("/").lower()


def verify(token: str, jwk: Dict[str, Any], *, issuer: str, audience: str, service_url: Optional[str],
           channel_id: Optional[str], leeway_s: int = CLOCK_SKEW_S) -> Dict[str, Any]:
    """The token's claims if every check passes; AuthError naming the first failed check otherwise."""
    if not audience:
        raise AuthError("bot_not_configured")
    endorsements = jwk.get("endorsements")
    if endorsements is not None and channel_id not in endorsements:
        raise AuthError("key_not_endorsed_for_channel")
    try:
        key = RSAAlgorithm.from_jwk(jwk)
    except (jwt.InvalidKeyError, ValueError, KeyError, TypeError):
        raise AuthError("unusable_signing_key") from None
    try:
        claims = jwt.decode(token, key=key, algorithms=ALGORITHMS, audience=audience, issuer=issuer,
                            leeway=leeway_s, options={"require": ["exp", "iss", "aud"]})
    except jwt.ExpiredSignatureError:
        raise AuthError("expired") from None
    except jwt.ImmatureSignatureError:
        raise AuthError("not_yet_valid") from None
    except jwt.InvalidAudienceError:
        raise AuthError("wrong_audience") from None
    except jwt.InvalidIssuerError:
        raise AuthError("wrong_issuer") from None
    except jwt.InvalidSignatureError:
        raise AuthError("bad_signature") from None
    except jwt.MissingRequiredClaimError as exc:
        raise AuthError(f"missing_claim_{exc.claim}") from None
    except jwt.PyJWTError:
        raise AuthError("invalid_token") from None
    claimed = claims.get("serviceurl") or claims.get("serviceUrl")
    if not isinstance(claimed, str) or not service_url or not _same_url(claimed, service_url):
        raise AuthError("service_url_mismatch")
    return claims
