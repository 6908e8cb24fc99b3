"""The knowledge service over HTTP (aiohttp): the answer API the actions call, the web chat and the curation
application. It imports the engine (knowledge/) downward; nothing in knowledge/ imports it."""
