"""teamsapp/cards.py: the cards handed to Microsoft's validators are every card the bot sends:
each domain response with buttons, the actions' replies, and the channel's welcome."""

import yaml

from teamsapp.cards import ROOT, all_cards


def test_every_card_source_is_covered_and_every_button_carries_its_payload_twice():
    cards = all_cards(ROOT / "domain.yml", ROOT / "knowledge" / "entries")
    sources = {c["source"] for c in cards}
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    with_buttons = {f"domain:{name}" for name, variants in domain["responses"].items()
                    if any(v.get("buttons") for v in variants)}
    assert with_buttons and with_buttons <= sources
    assert "channel:welcome" in sources
    assert {"action:action_recommend", "action:action_greet"} <= sources
    # the answer's cards, under the first action that sends them (action_affirm answers a question read as a yes)
    assert sources & {"action:action_answer_question", "action:action_affirm"}
    actions = [block["actions"][0] for c in cards for block in c["card"]["body"] if block["type"] == "ActionSet"]
    assert actions and all(a["data"]["msteams"]["text"] == a["data"]["payload"]
                           == a["data"]["msteams"]["value"]["payload"] for a in actions)
    assert all("{{" not in a["data"]["payload"] for a in actions)  # Rasa's brace escaping undone
