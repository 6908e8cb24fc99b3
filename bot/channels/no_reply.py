"""What a channel says itself when Rasa answered a message with nothing at all.

Rasa 3.6 swallows a custom action that fails (the action server is down, restarting or crashed): it
logs the error, the turn ends without a message, and the user would wait in silence. The message is
already in the tracker store by then, so the conversation goes on once the action server is back.
"""

NO_REPLY_TEXT = ("Sorry, I can't look that up right now: part of the assistant isn't responding. "
                 "Please try again in a few minutes; your conversation so far is kept.")
