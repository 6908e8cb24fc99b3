"""The OpenAPI description covers exactly the API the app serves."""

from service.curation.api import PREFIX


async def test_every_api_route_is_described_and_nothing_else(client):
    spec = await (await client.get(f"{PREFIX}/openapi.json")).json()
    served = {(r.method.lower(), r.resource.canonical.removeprefix(PREFIX))
              for r in client.server.app.router.routes()
              if r.resource and r.resource.canonical.startswith(PREFIX + "/") and r.method != "HEAD"}
    described = {(method, path) for path, ops in spec["paths"].items() for method in ops}
    assert served == described
    assert all(op["summary"] and op["responses"] for ops in spec["paths"].values() for op in ops.values())
