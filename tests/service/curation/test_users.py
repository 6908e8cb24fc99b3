"""Curation users: an email address must be an address."""

import pytest

from knowledge.curation.users import AccountError, Role

PREFIX = "/curation/api"
PASSWORD = "a long enough password"


@pytest.mark.parametrize("email", ["a@b", "x@localhost", "two words@trust.nhs.uk", "a@@trust.nhs.uk",
                                   "Ann <ann@trust.nhs.uk>", "ann@trust.nhs.uk.", "@trust.nhs.uk", "ann@", "ann"])
def test_what_is_not_an_address_is_refused(accounts, email):
    with pytest.raises(AccountError, match="valid email address"):
        accounts.create_user(email, "Ann", Role.viewer, PASSWORD)
    assert accounts.users() == []


def test_an_address_is_kept_normalised_and_signs_in_in_any_case(accounts):
    user = accounts.create_user("  Ann.Smith@Trust.NHS.uk ", "Ann", Role.viewer, PASSWORD)
    assert user.email == "ann.smith@trust.nhs.uk"
    assert accounts.authenticate("ANN.SMITH@trust.nhs.uk", PASSWORD) == user


async def test_the_api_and_the_users_page_refuse_a_bad_address(session_for):
    admin = await session_for("admin")
    response = await admin.request("POST", f"{PREFIX}/users", json={"email": "x@localhost", "name": "X",
                                                                    "role": "viewer", "password": PASSWORD})
    assert response.status == 422 and "valid email address" in (await response.json())["error"]
    page = await admin.request("POST", "/curation/users", data={"email": "not an address", "name": "X",
                                                                "role": "viewer", "password": PASSWORD})
    assert page.status == 422 and "valid email address" in await page.text()
