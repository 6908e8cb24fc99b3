"""Bot Framework JWT checks, one refusal reason per broken property."""

import pytest

from bot.channels.botframework_auth import AuthError, bearer_token, key_id, verify
from tests.channels.fake_botframework import ISSUER, new_key, public_jwk, sign

KEY = new_key()
JWK = public_jwk(KEY, "k1")
APP = "app-id"
URL = "https://smba.trafficmanager.net/uk/"


def check(token: str, jwk: dict = JWK, audience: str = APP, service_url: str = URL, channel: str = "msteams") -> dict:
    return verify(token, jwk, issuer=ISSUER, audience=audience, service_url=service_url, channel_id=channel)


def reason(call) -> str:
    with pytest.raises(AuthError) as refused:
        call()
    return refused.value.reason


def test_valid_token_passes_and_a_trailing_slash_does_not_matter():
    claims = check(sign(KEY, "k1", audience=APP, service_url=URL.rstrip("/")))
    assert claims["aud"] == APP and claims["iss"] == ISSUER


@pytest.mark.parametrize("header, expected", [
    (None, "no_authorization_header"), ("", "no_authorization_header"), ("Basic abc", "not_a_bearer_token"),
    ("Bearer ", "not_a_bearer_token"),
])
def test_bearer_header_is_required(header, expected):
    assert reason(lambda: bearer_token(header)) == expected


def test_bearer_token_is_extracted():
    assert bearer_token("Bearer abc.def.ghi") == "abc.def.ghi"


def test_header_must_name_an_rs256_key():
    assert reason(lambda: key_id("garbage")) == "malformed_token"
    import jwt
    hs = jwt.encode({"aud": APP}, "a-shared-secret-of-thirty-two-bytes!", algorithm="HS256", headers={"kid": "k1"})
    assert reason(lambda: key_id(hs)) == "unsupported_algorithm"
    assert reason(lambda: key_id(jwt.encode({"a": 1}, KEY, algorithm="RS256"))) == "no_key_id"
    assert key_id(sign(KEY, "k1", audience=APP, service_url=URL)) == "k1"


@pytest.mark.parametrize("make, kwargs, expected", [
    (lambda: sign(KEY, "k1", audience=APP, service_url=URL, lifetime_s=600, issued_ago_s=1200), {}, "expired"),
    (lambda: sign(KEY, "k1", audience="other", service_url=URL), {}, "wrong_audience"),
    (lambda: sign(KEY, "k1", audience=APP, service_url=URL, issuer="https://evil.example"), {}, "wrong_issuer"),
    (lambda: sign(new_key(), "k1", audience=APP, service_url=URL), {}, "bad_signature"),
    (lambda: sign(KEY, "k1", audience=APP, service_url="https://evil.example/"), {}, "service_url_mismatch"),
    (lambda: sign(KEY, "k1", audience=APP, service_url=URL), {"channel": "slack"}, "key_not_endorsed_for_channel"),
    (lambda: sign(KEY, "k1", audience=APP, service_url=URL), {"audience": ""}, "bot_not_configured"),
    (lambda: sign(KEY, "k1", audience=APP, service_url=URL), {"jwk": {"kid": "k1", "kty": "RSA"}},
     "unusable_signing_key"),
])
def test_each_broken_property_is_refused_with_its_reason(make, kwargs, expected):
    assert reason(lambda: check(make(), **kwargs)) == expected


def test_clock_skew_of_a_few_minutes_is_tolerated():
    check(sign(KEY, "k1", audience=APP, service_url=URL, lifetime_s=600, issued_ago_s=700))
