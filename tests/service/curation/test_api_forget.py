"""POST /api/forget: the chat's "forget me" deletes that sender's tickets (and conversation: tests/knowledge/
test_retention.py), nobody else's, and refuses a missing sender id."""

from service.curation.tickets import TICKETS


async def test_forget_deletes_only_that_senders_tickets(client):
    for sender in ("webchat-abc12345", "webchat-other678"):
        response = await client.post("/api/tickets", json={"question": "Can I claim travel?", "channel": "rest",
                                                           "sender": sender})
        assert response.status == 201
    forgotten = await client.post("/api/forget", json={"sender": "webchat-abc12345"})
    assert forgotten.status == 200 and await forgotten.json() == {"conversation_events": 0, "tickets": 1}
    assert [t.sender for t in client.server.app[TICKETS].list()] == ["webchat-other678"]
    for bad in ({}, {"sender": ""}, {"sender": 3}):
        assert (await client.post("/api/forget", json=bad)).status == 400
