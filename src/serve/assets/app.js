// The pre-submit page: lints the request as it is typed (debounced) through
// POST /v1/lint, marks the spans in the text, lists the advice in the
// writer's language, and shows agents the reply draft. Every text shown is
// set as text, never as markup.
"use strict";

const UI = {
  en: {
    title: "Check your request before you send it",
    lead: "Support answers faster when a request says what fails, when, and shows it. Advice appears as you type.",
    subject: "Subject", message: "Your message", adviceTab: "Advice",
    files: "Attachments", filesHint: "Only the names and types of the files are checked; nothing is uploaded.",
    replyTab: "Reply draft (for agents)", asks: "What support will ask you",
    clean: "Nothing missing: support has what it needs to start.",
    noDraft: "The ticket lacks nothing: no questions to ask.",
    copy: "Copy the draft", copied: "Copied", checking: "Checking…",
    found: (n) => n === 1 ? "1 thing to fix" : `${n} things to fix`,
    failed: "The check failed: ",
  },
  ru: {
    title: "Проверьте обращение перед отправкой",
    lead: "Поддержка ответит быстрее, если в обращении сказано, что не работает и когда, и это видно на скриншоте. Советы появляются по мере набора.",
    subject: "Тема", message: "Ваше сообщение", adviceTab: "Советы",
    files: "Вложения", filesHint: "Проверяются только имена и типы файлов; сами файлы никуда не отправляются.",
    replyTab: "Черновик ответа (для агентов)", asks: "О чём вас спросит поддержка",
    clean: "Всё на месте: поддержке есть с чего начать.",
    noDraft: "В обращении есть всё нужное: спрашивать не о чем.",
    copy: "Скопировать черновик", copied: "Скопировано", checking: "Проверяем…",
    found: (n) => `Что исправить: ${n}`,
    failed: "Проверка не удалась: ",
  },
  uk: {
    title: "Перевірте звернення перед надсиланням",
    lead: "Підтримка відповість швидше, якщо у зверненні сказано, що не працює і коли, і це видно на скриншоті. Поради з'являються під час набору.",
    subject: "Тема", message: "Ваше повідомлення", adviceTab: "Поради",
    files: "Вкладення", filesHint: "Перевіряються лише назви й типи файлів; самі файли нікуди не надсилаються.",
    replyTab: "Чернетка відповіді (для агентів)", asks: "Про що вас запитає підтримка",
    clean: "Усе на місці: підтримці є з чого почати.",
    noDraft: "У зверненні є все потрібне: питати нема про що.",
    copy: "Скопіювати чернетку", copied: "Скопійовано", checking: "Перевіряємо…",
    found: (n) => `Що виправити: ${n}`,
    failed: "Перевірка не вдалася: ",
  },
};

const $ = (id) => document.getElementById(id);
const text = $("text"), subject = $("subject"), backdrop = $("backdrop"), files = $("files");
let ui = UI[(navigator.language || "en").slice(0, 2)] || UI.en;
let timer = 0, sequence = 0;

function applyUi(lang) {
  ui = UI[lang] || ui;
  document.documentElement.lang = UI[lang] ? lang : document.documentElement.lang;
  for (const el of document.querySelectorAll("[data-ui]")) {
    const value = ui[el.dataset.ui];
    if (typeof value === "string") el.textContent = value;
  }
}

// Messages begin in lower case, to follow a rule id in other outputs; here
// each stands alone.
const sentence = (s) => s.charAt(0).toLocaleUpperCase() + s.slice(1);

// Byte offsets of UTF-8 text → offsets of the JavaScript string.
function toStringOffsets(str) {
  const bytes = new TextEncoder().encode(str), decoder = new TextDecoder();
  return (byte) => decoder.decode(bytes.subarray(0, byte)).length;
}

function mark(value, spans) {
  backdrop.replaceChildren();
  let at = 0;
  for (const [start, end] of spans) {
    if (start < at || end <= start) continue;
    backdrop.append(document.createTextNode(value.slice(at, start)));
    const m = document.createElement("mark");
    m.textContent = value.slice(start, end);
    backdrop.append(m);
    at = end;
  }
  // A trailing newline needs a character after it to take up its line.
  backdrop.append(document.createTextNode(value.slice(at) + "\u200b"));
  backdrop.scrollTop = text.scrollTop;
}

function show(file, value, subjectValue) {
  applyUi(file.language);
  // Spans point into the text made of the subject line and the message.
  const decoded = file.decoded_text ?? value;
  const head = subjectValue.trim() ? `Subject: ${subjectValue.replace(/[\r\n]/g, " ")}\n\n` : "";
  const offset = toStringOffsets(decoded);
  const base = head.length;
  const spans = [];
  const list = $("findings");
  list.replaceChildren();
  for (const d of file.diagnostics) {
    // A span may begin in the subject line: the part in the message is marked.
    const start = Math.max(offset(d.span.start) - base, 0);
    const end = Math.min(offset(d.span.end) - base, value.length);
    if (end > start) spans.push([start, end]);
    const li = document.createElement("li");
    li.className = `finding ${d.severity}`;
    li.dataset.rule = d.rule;
    const message = document.createElement("span");
    message.className = "message";
    message.textContent = sentence(d.message);
    const rule = document.createElement("span");
    rule.className = "rule";
    rule.textContent = d.rule;
    li.append(message, rule);
    if (d.suggestion) {
      const s = document.createElement("span");
      s.className = "suggestion";
      s.textContent = sentence(d.suggestion);
      li.append(s);
    }
    list.append(li);
  }
  mark(value, spans.sort((a, b) => a[0] - b[0]));
  $("clean").hidden = file.diagnostics.length > 0 || !value.trim();
  $("status").textContent = file.diagnostics.length ? ui.found(file.diagnostics.length) : "";
  $("draft").textContent = file.reply ?? "";
  $("draft").hidden = !file.reply;
  $("copy").hidden = !file.reply;
  $("nodraft").hidden = !!file.reply || !value.trim();
}

async function check() {
  const value = text.value, subjectValue = subject.value, mine = ++sequence;
  if (!value.trim()) {
    // Nothing to check: nothing from an earlier text stays on the page.
    mark(value, []);
    $("findings").replaceChildren();
    $("status").textContent = "";
    $("clean").hidden = true;
    $("draft").textContent = "";
    $("draft").hidden = true;
    $("copy").hidden = true;
    $("nodraft").hidden = true;
    return;
  }
  $("status").textContent = ui.checking;
  try {
    const response = await fetch("/v1/lint", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        text: value,
        subject: subjectValue || null,
        // The files' names and types only: their content stays here.
        attachments: [...files.files].map((f) => ({ name: f.name, content_type: f.type || null })),
      }),
    });
    let body = null;
    try {
      body = await response.json();
    } catch (_) {
      // An answer without JSON (a proxy's error page, say).
    }
    if (mine !== sequence) return;
    if (!response.ok || !body) {
      throw new Error(body && body.error ? body.error.message : `${response.status} ${response.statusText}`);
    }
    show(body.files[0], value, subjectValue);
  } catch (e) {
    if (mine === sequence) $("status").textContent = ui.failed + e.message;
  }
}

function later() {
  clearTimeout(timer);
  timer = setTimeout(check, 300);
}

function selectTab(name) {
  for (const tab of ["advice", "reply"]) {
    $(`tab-${tab}`).setAttribute("aria-selected", String(tab === name));
    $(tab).hidden = tab !== name;
  }
}

text.addEventListener("input", () => { mark(text.value, []); later(); });
subject.addEventListener("input", later);
files.addEventListener("change", later);
text.addEventListener("scroll", () => { backdrop.scrollTop = text.scrollTop; });
$("tab-advice").addEventListener("click", () => selectTab("advice"));
$("tab-reply").addEventListener("click", () => selectTab("reply"));
$("copy").addEventListener("click", async () => {
  await navigator.clipboard.writeText($("draft").textContent);
  $("copy").textContent = ui.copied;
  setTimeout(() => { $("copy").textContent = ui.copy; }, 1500);
});
applyUi(document.documentElement.lang);
$("copy").hidden = true;
check();
