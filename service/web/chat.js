// The web chat: message history (kept for this browser tab), buttons that send their payload and
// show their title, feedback buttons, and polite errors when the assistant is unavailable.
"use strict";

(() => {
  const STORE = "nhsbot.chat";
  const log = document.getElementById("log");
  const status = document.getElementById("status");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const restart = document.getElementById("restart");

  const newSender = () => Array.from(crypto.getRandomValues(new Uint8Array(16)),
    (b) => b.toString(16).padStart(2, "0")).join("");

  function load() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(STORE));
      if (saved && typeof saved.sender === "string" && Array.isArray(saved.history)) return saved;
    } catch (e) { /* corrupt or missing: start afresh */ }
    return {sender: newSender(), history: []};
  }

  let state = load();
  const save = () => sessionStorage.setItem(STORE, JSON.stringify(state));

  const isFeedback = (button) => button.payload.startsWith("/feedback_");

  function buttonRow(buttons, feedback) {
    const row = document.createElement("div");
    row.className = feedback ? "buttons feedback" : "buttons";
    row.setAttribute("role", "group");
    row.setAttribute("aria-label", feedback ? "Was this answer helpful?" : "Options");
    if (feedback) {
      const label = document.createElement("span");
      label.className = "feedback-label";
      label.textContent = "Was this helpful?";
      row.append(label);
    }
    for (const b of buttons) {
      const el = document.createElement("button");
      el.type = "button";
      el.textContent = b.title;
      if (feedback) el.setAttribute("aria-label", b.payload === "/feedback_helpful"
        ? "Yes, this answer was helpful" : "No, this answer was not helpful");
      el.addEventListener("click", () => send(b.payload, b.title));
      row.append(el);
    }
    return row;
  }

  function show(entry) {
    const item = document.createElement("div");
    item.className = `message ${entry.from}`;
    const who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = entry.from === "user" ? "You said: " : entry.from === "bot" ? "Assistant: " : "Notice: ";
    const bubble = document.createElement("div");
    bubble.className = "bubble";
    if (entry.from === "bot") {
      bubble.innerHTML = Markdown.render(entry.text || "");  // escaped first, see markdown.js
    } else {
      bubble.textContent = entry.text;
    }
    item.append(who, bubble);
    const buttons = entry.buttons || [];
    const options = buttons.filter((b) => !isFeedback(b));
    const feedback = buttons.filter(isFeedback);
    if (options.length) item.append(buttonRow(options, false));
    if (feedback.length) item.append(buttonRow(feedback, true));
    log.append(item);
    item.scrollIntoView({block: "end"});
  }

  function record(entry) {
    state.history.push(entry);
    save();
    show(entry);
  }

  let queue = Promise.resolve();

  function send(payload, shown) {
    if (shown !== null) record({from: "user", text: shown});
    queue = queue.then(() => exchange(payload));
    return queue;
  }

  async function exchange(payload) {
    status.textContent = "The assistant is replying…";
    form.setAttribute("aria-busy", "true");
    try {
      const response = await fetch("/chat/api/message", {
        method: "POST",
        headers: {"Content-Type": "application/json"},
        body: JSON.stringify({sender: state.sender, message: payload}),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) {
        record({from: "notice", text: body.error || "Sorry, something went wrong. Please try again."});
      } else {
        for (const reply of body.replies) record({from: "bot", text: reply.text, buttons: reply.buttons});
      }
    } catch (e) {
      record({from: "notice", text: "Sorry, I can't reach the assistant. Check your connection and try again."});
    } finally {
      status.textContent = "";
      form.removeAttribute("aria-busy");
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) {
      status.textContent = "Type a question first.";
      input.focus();
      return;
    }
    input.value = "";
    send(text, text);
    input.focus();
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  restart.addEventListener("click", () => {
    sessionStorage.removeItem(STORE);
    state = load();
    log.replaceChildren();
    send("/greet", null);
    input.focus();
  });

  state.history.forEach(show);
  if (!state.history.length) send("/greet", null);  // the assistant introduces itself
})();
