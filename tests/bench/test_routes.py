"""bench/routes.py tells a reply's route from its text: the list of schemes is the induction's, however it opens."""

from bench.routes import route_of, templates


def test_a_list_of_schemes_is_the_inductions_route_whatever_it_puts_first():
    known = templates()
    for opening in ("As a nurse in Scotland, you can apply for:",
                    "As a nurse in Scotland, you can apply for (those giving protected time first):",
                    "A nurse in England can apply for:"):
        assert route_of([{"text": f"{opening}\n• **NRS fellowships**"}], known) == "induction", opening
    answer = {"text": "**Local agreements for research time**\nSome NHS organisations ...",
              "buttons": [{"title": "Show the schemes open to me", "payload": "/start_induction"}]}
    assert route_of([answer], known) == "both"
    assert route_of([{"text": "**Local agreements for research time**\nSome NHS organisations ..."}], known) == "answer"
