"""Conversation fuzzer: seeded random walks against the real Rasa, action server and knowledge service.

    .venv/bin/python bench/fuzz.py [--conversations 5000] [--turns 8] [--seed 1] [--workers 4]

Each conversation is a random walk over a pool of what people say to the assistant: profile
statements in their own words, questions written from the source documents, corrections,
chit-chat, button payloads, gibberish and acronyms. Every turn must get a reply that is not "I
can't look that up" (all services are up), and Rasa must never stop a conversation with its
action-loop circuit breaker (read from Rasa's log). Prints the figures, the failing conversations
(replayable: same seed, same walk) and exits 1 if any failed. tests/e2e/test_fuzz.py runs a bounded
walk of the same pool in CI.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests
from tqdm import tqdm

from launcher.stack import Stack, isolated_settings

ROOT = Path(__file__).resolve().parent.parent

# What people say, by kind; written from the source documents (/work/shared/seeds) and from how
# staff describe themselves, never from bench/devset.yaml.
POOL: dict[str, list[str]] = {
    "profile": [
        "I'm a dentist", "I'm a nurse", "I am a midwife", "physio", "I'm an OT in Glasgow", "band 6 physio in Cardiff",
        "about five years qualified", "I qualified last year", "early in my career", "I'm a practitioner psychologist",
        "I work in Scotland", "Wales", "Northern Ireland", "England", "I'm based in Belfast", "band 5 staff nurse",
        "I'm a band 7 paramedic in Manchester",
        "I'm a pharmacist interested in antimicrobial stewardship",
        "I work at University Hospitals of Leicester", "I'm a healthcare scientist", "been a nurse for 12 years",
        "I'm a student nurse", "I'm a consultant", "I'm a research nurse", "newly qualified", "I'm a radiographer",
        "I'm a junior doctor in Edinburgh", "mid career", "I'm senior, band 8a",
        "I'm a midwfie in Swansea",
        "im a physoitherapist", "I'm interested in dementia care", "I work for NHS Lothian", "I'm a GP in Wales",
    ],
    "question": [
        "what is Pathway to Portfolio?", "how much funding does the research time award give?", "what is ICAP?",
        "what replaced the CAT programme?", "what is a PCAF?", "what was 70@70?",
        "what is Research for Patient Benefit?", "how do I become a research champion?",
        "can I do a research secondment?", "how do I find a research mentor?", "what is THIS Institute?",
        "what is Thiscovery?", "what is the Evidence Hub?", "what is UHL's research strategy?",
        "why would I bother with research?", "what are the barriers to doing research?", "where do I start?",
        "what can I apply for?", "how do I get protected time for research?", "what does HEE's strategy say?",
        "what was the Leading Cultures of Research and Innovation programme?", "what is the NIHR?",
        "what does the Creating Time for Research report recommend?", "what should my induction say about research?",
        "how do smaller trusts get into research?", "how do I book annual leave?", "what's the weather today?",
        "I'm a nurse in Scotland, how do I get protected time?", "what does UHL offer staff with an idea?",
        "as a nurse, where do I start?", "what are NRS fellowships?", "what is the Clinical Research Network?",
    ],
    "follow_up": [
        "how do I apply for it?", "who do I contact?", "am I eligible?", "can I apply for that?", "tell me more",
        "how much is it?", "how long does it last?", "who can apply?", "what's the deadline?", "the second one",
        "number 2", "the last one", "tell me more about the 3rd", "what's in it for me?",
    ],
    "correction": [
        "sorry, I meant Scotland", "actually I'm a midwife", "no, I'm band 7", "I meant Wales",
        "actually I work in England",
        "sorry, I'm a physio not a nurse", "I've moved to Northern Ireland", "no I qualified two years ago",
    ],
    "chitchat": [
        "hi", "hello", "thanks", "thank you", "bye", "are you a bot?", "help", "what can you do?", "ok", "cool",
        "great", "lol", "hmm", "yes", "no", "not sure", "I don't know", "maybe", "that was helpful", "not helpful",
        "I want to talk to a person", "forget me", "start over", "never mind", "stop",
    ],
    "payload": [
        '/inform{"nation": "wales"}', '/inform{"profession": "dentist"}', '/inform{"career_stage": "mid_career"}',
        '/choose_entry{"entry_id": "pcaf"}', "/start_induction", "/restart", "/feedback_helpful", "/feedback_unhelpful",
        "/handoff", "/affirm", "/deny", '/inform{"profession": "other"}', '/inform{"nation": "northern_ireland"}',
        '/choose_entry{"entry_id": "no-such-entry"}', "/greet", '/ask_eligibility{"entry_id": "pcaf"}',
        '/ask_eligibility{"entry_id": "no-such-entry"}',
    ],
    "gibberish": [
        "asdfgh", "???", "...", "1234", "🙂", "qwerty uiop", "zzzz", "!!!", "a", "the", "blah blah blah",
        "lorem ipsum dolor sit amet " * 20, "<script>alert(1)</script>", "{}", "/", "/not_an_intent",
    ],
    "acronym": ["XYZB??", "P2P", "RfPB", "CRN?", "NIHR", "ICAP", "HCRW", "SPA?", "ARC", "QWZ", "DCAF?", "CSO", "HEE?"],
}
# Profiles and questions are what people mostly say; the rest is the noise around them.
WEIGHTS = {"profile": 4, "question": 4, "follow_up": 2, "correction": 2, "chitchat": 3, "payload": 2,
           "gibberish": 1, "acronym": 1}
UNAVAILABLE = "can't look that up"
CIRCUIT_BREAKER = "Circuit breaker tripped"


def walk(seed: int, turns: int) -> list[str]:
    """The messages of one conversation: the same seed gives the same walk."""
    rng = random.Random(seed)
    kinds = list(WEIGHTS)
    return [rng.choice(POOL[rng.choices(kinds, [WEIGHTS[k] for k in kinds])[0]]) for _ in range(turns)]


@dataclass
class Outcome:
    seed: int
    sender: str
    messages: list[str]
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


def say(base_url: str, sender: str, message: str) -> list[dict]:
    response = requests.post(f"{base_url}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                             timeout=120)
    response.raise_for_status()
    return response.json()


def converse(base_url: str, seed: int, turns: int) -> Outcome:
    outcome = Outcome(seed, f"fuzz-{seed}-{uuid.uuid4().hex[:8]}", walk(seed, turns))
    start = time.monotonic()
    for i, message in enumerate(outcome.messages):
        replies = say(base_url, outcome.sender, message)
        text = " ".join(r.get("text") or "" for r in replies)
        if not replies or not (text.strip() or any(r.get("buttons") for r in replies)):
            outcome.problems.append(f"turn {i + 1} {message!r}: no reply")
        if UNAVAILABLE in text:
            outcome.problems.append(f"turn {i + 1} {message!r}: {text[:120]!r}")
    outcome.seconds = time.monotonic() - start
    return outcome


def tripped_senders(rasa_log: Path) -> set[str]:
    """Senders whose conversation Rasa's circuit breaker stopped (it logs a warning naming the sender)."""
    if not rasa_log.exists():
        return set()
    return {line.split("sender '")[1].split("'")[0] for line in rasa_log.read_text(errors="replace").splitlines()
            if CIRCUIT_BREAKER in line and "sender '" in line}


def run(base_url: str, rasa_log: Path, conversations: int, turns: int, seed: int, workers: int,
        progress: bool = False) -> list[Outcome]:
    with ThreadPoolExecutor(workers) as pool:
        walks = pool.map(lambda s: converse(base_url, s, turns), range(seed, seed + conversations))
        outcomes = list(tqdm(walks, total=conversations, desc="conversations", unit="conv", disable=not progress))
    tripped = tripped_senders(rasa_log)
    for outcome in outcomes:
        if outcome.sender in tripped:
            outcome.problems.append("Rasa's circuit breaker tripped")
    return outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=5000)
    parser.add_argument("--turns", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1, help="the first conversation's seed")
    parser.add_argument("--workers", type=int, default=4, help="conversations in flight at once")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        with Stack(isolated_settings(data), log_dir=data / "logs") as stack:
            base_url = f"http://{stack.settings.host}:{stack.settings.rasa_port}"
            started = time.monotonic()
            outcomes = run(base_url, data / "logs" / "rasa.log", args.conversations, args.turns, args.seed,
                           args.workers, progress=True)
            elapsed = time.monotonic() - started
    failed = [o for o in outcomes if o.problems]
    problems = [p for o in failed for p in o.problems]
    print(json.dumps({
        "conversations": len(outcomes), "turns_each": args.turns,
        "seeds": f"{args.seed}..{args.seed + len(outcomes) - 1}",
        "turns": len(outcomes) * args.turns, "failed_conversations": len(failed),
        "circuit_breaker_trips": sum("circuit breaker" in p for p in problems),
        "unavailable_replies": sum(UNAVAILABLE in p for p in problems),
        "turns_without_reply": sum("no reply" in p for p in problems), "wall_s": round(elapsed, 1),
    }, indent=2))
    for outcome in failed[:20]:
        print(f"seed {outcome.seed}: {outcome.messages}\n  " + "\n  ".join(outcome.problems))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
