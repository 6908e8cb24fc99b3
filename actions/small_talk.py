"""Small talk: "how are you?", "how's your day going?" are answered as such, whatever Rasa read them as (a greeting,
a yes, a question whether it is a bot), not with "OK" nor "I'm a bot"."""

from __future__ import annotations

import re

HOW_ARE_YOU = re.compile(r"^\W*(?:(?:hi|hey|hello|hiya|morning|good morning|afternoon|evening)\W+)?(?:how (?:are|r) (?:you|u|"
                         r"ya)(?: doing)?|how'?s it going|how are things|how'?s things|how you doing|(?:are )?(?:you|u) "
                         r"(?:ok|okay|alright|well|good)|how'?s (?:your|ur|the) (?:day|morning|afternoon|week|shift)(?: "
                         r"going| been| treating you)?)(?: today| then| so far)?\W*$", re.I)
WELL_THANKS = ("I'm well, thanks for asking! I'm the research opportunities assistant: ask me about research schemes, "
               "funding, protected time and training, or say \"where do I start?\" to see what is open to you.")
