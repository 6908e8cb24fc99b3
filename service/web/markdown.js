// The assistant's Markdown as safe HTML: everything is HTML-escaped first, then a small subset is
// turned into markup (paragraphs, lists, **bold**, _italic_, `code`, [links](https://...) and bare
// https links). Only http(s) links are made, so neither stored nor reflected script can run.
"use strict";

const Markdown = (() => {
  const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => (
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));

  const link = (href, label) =>
    `<a href="${href}" target="_blank" rel="noopener noreferrer">${label}</a>`;

  function inline(escaped) {
    // Links first, kept aside as placeholders, so that emphasis never reaches inside a URL.
    const kept = [];
    const keep = (html) => `\u0000${kept.push(html) - 1}\u0000`;
    let out = escaped
      .replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g, (m, label, href) => keep(link(href, label)))
      .replace(/https?:\/\/[^\s<)]+[^\s<).,;:!?]/g, (href) => keep(link(href, href)))
      .replace(/`([^`\n]+)`/g, (m, code) => keep(`<code>${code}</code>`));
    out = out
      .replace(/\*\*(\S(?:[^*]*?\S)?)\*\*/g, "<strong>$1</strong>")
      .replace(/(^|[\s(>])_(\S(?:[^_]*?\S)?)_(?=$|[\s).,;:!?<])/g, "$1<em>$2</em>")
      .replace(/(^|[\s(>])\*(\S(?:[^*]*?\S)?)\*(?=$|[\s).,;:!?<])/g, "$1<em>$2</em>");
    return out.replace(/\u0000(\d+)\u0000/g, (m, i) => kept[Number(i)]);
  }

  function render(text) {
    const blocks = [];
    let list = null;
    for (const raw of escapeHtml(String(text || "")).split("\n")) {
      const line = raw.trim();
      const bullet = line.match(/^(?:[-*•])\s+(.*)$/);
      const numbered = line.match(/^\d+[.)]\s+(.*)$/);
      const item = bullet || numbered;
      const tag = bullet ? "ul" : "ol";
      if (item) {
        if (!list || list.tag !== tag) {
          list = {tag, items: []};
          blocks.push(list);
        }
        list.items.push(inline(item[1]));
        continue;
      }
      list = null;
      if (line) blocks.push(`<p>${inline(line)}</p>`);
    }
    return blocks.map((b) => (typeof b === "string" ? b
      : `<${b.tag}>${b.items.map((i) => `<li>${i}</li>`).join("")}</${b.tag}>`)).join("");
  }

  return {render, escapeHtml};
})();
