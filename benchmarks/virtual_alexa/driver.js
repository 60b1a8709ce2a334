// Drives a skill at a URL through virtual-alexa, one JSON command per stdin line, one JSON
// answer per stdout line (benchmarks/virtual_alexa_bench.py is the other end).
//
//   node driver.js <skill URL> <interaction model file>
//   {"op": "new"}                                   a new person: a fresh VirtualAlexa (new user id)
//   {"op": "hear", "text": "...", "timestamp": "..."}  what the person said
//   {"op": "end", "reason": "USER_INITIATED", "timestamp": "..."}  SessionEndedRequest
//
// Each answer: {"kind", "request", "response"} or {"kind", "error"}. kind is launch, one_shot,
// intent, fallback (no sample matched: sent as AMAZON.FallbackIntent, as Alexa does for a model
// that has it), one_shot_fallback (the same, opening a new session), ended, or no_session (words
// with no session open and no invocation: Alexa would not call the skill, so nothing is sent).
//
// Matching is virtual-core's (the library's sample-based matcher). Three things are ours, because
// virtual-alexa's utter() does them in a way no device does: an invocation is recognised only
// around the invocation name (utter() opens the skill for any phrase containing "ask", "open",
// "tell"...), a leading wake word is not part of what the skill hears, and a response without
// shouldEndSession: false ends the session, as on a voice-only Echo.
"use strict";

const path = require("path");
const readline = require("readline");
const { VirtualAlexa } = require("virtual-alexa");
const { Utterance } = require("virtual-core");

const [skillURL, modelFile] = process.argv.slice(2);
if (!skillURL || !modelFile) {
  process.stderr.write("usage: node driver.js <skill URL> <interaction model file>\n");
  process.exit(2);
}
const modelJSON = require(path.resolve(modelFile));
const invocationName = modelJSON.interactionModel.languageModel.invocationName.toLowerCase();
// The phrases Alexa documents for opening a skill: "<verb> <name>", "<verb> <name> to <request>",
// "<request> with <name>"; a leading "alexa" and trailing politeness are not part of them.
const VERBS = ["ask", "tell", "open", "open up", "start", "start up", "launch", "begin", "run", "load", "use",
  "play", "fire up", "talk to", "speak to", "go to"];
const FILLERS = "(?:(?:hey|ok|okay|um|uh|so) )*(?:alexa )?(?:please )?";
const OPENER = new RegExp(`^${FILLERS}(?:(?:${VERBS.join("|")}) )?(?:the )?$`);
const POLITE_ONLY = /^(?:(?:please|now|thanks|thank you|for me|skill|app)\s*)*$/;
const CONNECTOR = /^(?:skill\s+|app\s+)?(?:to|and|for|that|about|if|whether|then)\s+/;
const WAKE_WORD = /^\s*alexa\b[\s,.!]*/i;
const SUFFIX = /\s+(?:with|using|from|on|in|via)(?:\s+the)?$/;

let alexa = null;

function words(text) {
  return text.toLowerCase().replace(/[^a-z0-9' ]+/g, " ").replace(/\s+/g, " ").trim();
}

// "open release coach" -> {launch}; "ask release coach to X", "X with release coach" -> {oneShot: X};
// anything else (the name said in passing) is not an invocation.
function invocation(text) {
  const heard = ` ${words(text)} `;
  const at = heard.indexOf(` ${invocationName} `);
  if (at < 0) return null;
  const before = heard.slice(0, at).trim();
  const after = heard.slice(at + invocationName.length + 2).trim();
  if (OPENER.test(before ? `${before} ` : "")) {
    return POLITE_ONLY.test(after) ? { launch: true } : { oneShot: after.replace(CONNECTOR, "") };
  }
  if (POLITE_ONLY.test(after) && SUFFIX.test(before)) {
    return { oneShot: before.replace(SUFFIX, "").replace(/^alexa\s+/, "") };
  }
  return null;
}

function matched(text) {
  const utterance = new Utterance(alexa.context().interactionModel(), text);
  return utterance.matched() ? { intent: utterance.intent(), slots: utterance.toJSON() } : null;
}

async function sendIntent(text) {
  const found = matched(text);
  if (!found) return ["fallback", await alexa.intend("AMAZON.FallbackIntent")];
  return ["intent", await alexa.request().intent(found.intent).slots(found.slots).send()];
}

async function hear(text) {
  const opening = invocation(text);
  if (opening) {
    if (alexa.context().activeSession()) await alexa.endSession();
    if (opening.launch) return ["launch", await alexa.launch()];
    const [kind, reply] = await sendIntent(opening.oneShot);
    return [kind === "fallback" ? "one_shot_fallback" : "one_shot", reply];
  }
  if (!alexa.context().activeSession()) return ["no_session", null];
  return sendIntent(text.replace(WAKE_WORD, "")); // the device hears "alexa", the skill never does
}

async function answer(command) {
  if (command.op === "new") {
    alexa = VirtualAlexa.Builder().interactionModelFile(path.resolve(modelFile)).skillURL(skillURL).create();
    alexa.context().endSession(); // a device has no session until the skill is opened
    return { kind: "new" };
  }
  let sent = null;
  alexa.filter((request) => {
    if (command.timestamp) request.request.timestamp = command.timestamp;
    if (command.reason) request.request.reason = command.reason;
    sent = request;
  });
  let kind;
  let reply;
  if (command.op === "hear") {
    [kind, reply] = await hear(String(command.text));
  } else if (command.op === "end") {
    if (!alexa.context().activeSession()) return { kind: "no_session" };
    [kind, reply] = ["ended", await alexa.endSession()];
  } else {
    throw new Error(`unknown op ${command.op}`);
  }
  const response = reply ? JSON.parse(JSON.stringify(reply)) : null;
  const body = response && response.response;
  if (body && body.shouldEndSession !== false && alexa.context().activeSession()) alexa.context().endSession();
  return { kind, request: sent && sent.request, response };
}

const lines = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on("line", (line) => {
  queue = queue.then(async () => {
    let out;
    try {
      out = await answer(JSON.parse(line));
    } catch (error) {
      out = { kind: "error", error: String(error && error.message ? error.message : error) };
    }
    process.stdout.write(JSON.stringify(out) + "\n");
  });
});
