// Microsoft's own validators on what the bot really sends and ships (make teams-validate):
// every Adaptive Card (written by teamsapp/cards.py) through the `adaptivecards` parser at the
// version the card declares, and the built app manifest against the Teams manifest schema of its
// declared version, as shipped in @microsoft/app-manifest. Each validator is first shown a broken
// input, so that a validator that accepts everything fails here instead of passing silently.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { test } from "node:test";

const require = createRequire(import.meta.url);
const AC = require("adaptivecards/dist/adaptivecards.js");
const { ManifestUtil } = require("@microsoft/app-manifest");

const root = join(dirname(new URL(import.meta.url).pathname), "..", "..");
const cardsPath = process.env.TEAMS_CARDS ?? join(root, "build", "teams", "cards.json");
const manifestPath = process.env.TEAMS_MANIFEST ?? join(root, "build", "teams", "app", "manifest.json");

/** Problems the Adaptive Cards library finds in a card, read as the version it declares. */
function cardProblems(json) {
  const declared = AC.Version.parse(json.version, new AC.SerializationContext());
  if (!declared || !declared.isValid) return [`version ${JSON.stringify(json.version)} is not an Adaptive Cards version`];
  if (declared.compareTo(AC.Versions.latest) > 0) return [`version ${json.version} is newer than the library knows`];
  const context = new AC.SerializationContext(declared);
  const card = new AC.AdaptiveCard();
  card.parse(json, context);
  const problems = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of card.validateProperties().validationEvents) problems.push(`validate: ${event.message}`);
  // A property the schema does not know is dropped by the parser: the card must survive a round trip.
  const back = card.toJSON(new AC.SerializationContext(declared));
  try {
    assert.deepEqual(back, json);
  } catch {
    problems.push(`round trip changed the card: ${JSON.stringify(back).slice(0, 400)}`);
  }
  return problems;
}

function manifestSchema(manifest) {
  const version = manifest.manifestVersion;
  const file = require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`);
  return JSON.parse(readFileSync(file, "utf8"));
}

const cards = JSON.parse(readFileSync(cardsPath, "utf8"));
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));

test("the card validator rejects what the declared version does not have", () => {
  const table = { type: "AdaptiveCard", version: "1.4", body: [{ type: "Table", columns: [], rows: [] }] };
  assert.notDeepEqual(cardProblems(table), []);
  assert.notDeepEqual(cardProblems({ ...table, body: [{ type: "TextBlok", text: "typo" }] }), []);
  assert.notDeepEqual(cardProblems({ ...table, version: "9.9", body: [] }), []);
  const unknownProperty = { type: "AdaptiveCard", version: "1.4", body: [{ type: "TextBlock", text: "x", colour: "red" }] };
  assert.notDeepEqual(cardProblems(unknownProperty), []);
});

test("there are cards from the domain, the actions and the channel", () => {
  const sources = new Set(cards.map((c) => c.source.split(":")[0]));
  assert.deepEqual([...sources].sort(), ["action", "channel", "domain"]);
});

for (const { source, card } of cards) {
  test(`card from ${source} is valid Adaptive Card ${card.version}`, () => {
    assert.deepEqual(cardProblems(card), []);
  });
}

test("the manifest validator rejects a scope in the wrong case", async () => {
  const broken = structuredClone(manifest);
  broken.bots[0].scopes = ["groupchat"];
  const problems = await ManifestUtil.validateManifestAgainstSchema(broken, manifestSchema(broken));
  assert.notDeepEqual(problems, []);
});

test(`the built manifest is valid against the Teams manifest schema v${manifest.manifestVersion}`, async () => {
  const problems = await ManifestUtil.validateManifestAgainstSchema(manifest, manifestSchema(manifest));
  assert.deepEqual(problems, []);
});
