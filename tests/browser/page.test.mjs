// The pre-submit page and /widget.js as a user meets them, in Debian's
// headless Chromium driven by playwright-core. Run by scripts/browser-test;
// TICKETLINT names the binary, ARTIFACTS the folder screenshots go to.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";

const binary = process.env.TICKETLINT ?? "../../target/debug/ticketlint";
const artifacts = process.env.ARTIFACTS ?? "../../target/browser";
mkdirSync(artifacts, { recursive: true });

let server, base, browser, host, hostUrl;
const problems = [];

// A server on a free port; resolves with its address from the first line it prints.
function startServer(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ["serve", "--listen", "127.0.0.1:0", ...args], { stdio: ["ignore", "ignore", "pipe"] });
    child.on("error", reject);
    child.stderr.setEncoding("utf8");
    let seen = "";
    const read = (chunk) => {
      seen += chunk;
      if (!seen.includes("\n")) return;
      child.stderr.off("data", read);
      const address = seen.match(/http:\/\/[^\s/]+/);
      address ? resolve([child, address[0]]) : reject(new Error(seen));
    };
    child.stderr.on("data", read);
  });
}

before(async () => {
  // A helpdesk's own form on another origin, allowed by --cors-origin.
  host = createServer((req, res) => {
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.end(`<!doctype html><title>Helpdesk</title><form><textarea id="m" data-ticketlint></textarea></form>
      <script src="${base}/widget.js"></script>`);
  });
  await new Promise((r) => host.listen(0, "127.0.0.1", r));
  hostUrl = `http://127.0.0.1:${host.address().port}`;
  [server, base] = await startServer(["--cors-origin", hostUrl]);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
  host?.close();
});

async function openPage(locale) {
  const context = await browser.newContext({ locale });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  const page = await context.newPage();
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(base + "/");
  return page;
}

const cases = [
  { lang: "ru", locale: "en-US", ticket: "ЗДРАВСТВУЙТЕ! НИЧЕГО НЕ РАБОТАЕТ, ПОЧИНИТЕ СРОЧНО!!!",
    shouted: "НИЧЕГО НЕ РАБОТАЕТ", advice: "заглавными", heading: "О чём вас спросит поддержка", greeting: "Здравствуйте" },
  { lang: "uk", locale: "en-US", ticket: "Добрий день. НІЧОГО НЕ ПРАЦЮЄ, ПОЛАГОДЬТЕ ТЕРМІНОВО!!!",
    shouted: "НІЧОГО НЕ ПРАЦЮЄ", advice: "великими", heading: "Про що вас запитає підтримка", greeting: "Добрий день" },
  { lang: "en", locale: "ru-RU", ticket: "Hello. NOTHING WORKS SINCE THE UPDATE, FIX IT NOW!!!",
    shouted: "NOTHING WORKS", advice: "capitals", heading: "What support will ask you", greeting: "Hello" },
];

for (const c of cases) {
  test(`a shouted ${c.lang} ticket: highlight, advice in ${c.lang}, the reply draft copied`, async () => {
    const page = await openPage(c.locale);
    // Typed key by key, as a user does: the check waits for a pause.
    await page.locator("#text").pressSequentially(c.ticket, { delay: 5 });
    const shouting = page.locator('#findings li[data-rule="shouting"]');
    await shouting.waitFor();
    assert.match(await shouting.textContent(), new RegExp(c.advice));
    assert.equal(await page.locator("h2").textContent(), c.heading);
    assert.equal(await page.locator("html").getAttribute("lang"), c.lang);
    const marked = await page.locator("#backdrop mark").allTextContents();
    assert.ok(marked.some((m) => m.includes(c.shouted)), `marked: ${JSON.stringify(marked)}`);
    await page.screenshot({ path: `${artifacts}/page-${c.lang}-advice.png`, fullPage: true });

    await page.locator("#tab-reply").click();
    const draft = page.locator("#draft");
    await draft.waitFor({ state: "visible" });
    const text = await draft.textContent();
    assert.ok(text.startsWith(c.greeting), text);
    await page.locator("#copy").click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), text);
    await page.screenshot({ path: `${artifacts}/page-${c.lang}-reply.png`, fullPage: true });
    // Emptied, the page keeps no draft of the earlier text to copy.
    await page.locator("#text").fill("");
    await draft.waitFor({ state: "hidden" });
    assert.equal(await page.locator("#copy").isVisible(), false);
    await page.context().close();
  });
}

test("an attached screenshot is taken into account; nothing is uploaded", async () => {
  const page = await openPage("en-US");
  const bodies = [];
  page.on("request", (r) => { if (r.url().endsWith("/v1/lint")) bodies.push(r.postData()); });
  await page.locator("#text").fill("Since 09:40 today the Export button on the Reports page shows Error 500.");
  await page.locator('#findings li[data-rule="no-screenshot"]').waitFor();
  await page.locator("#files").setInputFiles({ name: "error.png", mimeType: "image/png", buffer: Buffer.from("PNG-BYTES-NOT-SENT") });
  await page.locator('#findings li[data-rule="no-screenshot"]').waitFor({ state: "detached" });
  const last = JSON.parse(bodies.at(-1));
  assert.deepEqual(last.attachments, [{ name: "error.png", content_type: "image/png" }]);
  assert.ok(!bodies.some((b) => b.includes("PNG-BYTES-NOT-SENT")));
  await page.context().close();
});

test("a ticket that lacks nothing: no findings, no draft", async () => {
  const page = await openPage("en-US");
  await page.locator("#text").fill("Hello, how do I export my invoices to CSV? Thanks, Ann");
  await page.locator("#clean").waitFor({ state: "visible" });
  assert.equal(await page.locator("#findings li").count(), 0);
  await page.locator("#tab-reply").click();
  await page.locator("#nodraft").waitFor({ state: "visible" });
  await page.context().close();
});

test("text is shown as text, never run as markup", async () => {
  const page = await openPage("en-US");
  let dialogs = 0;
  page.on("dialog", (d) => { dialogs++; d.dismiss(); });
  const ticket = '<img src=x onerror=alert(1)> NOTHING WORKS SINCE THE UPDATE, FIX IT NOW <script>alert(2)</script>';
  await page.locator("#text").fill(ticket);
  await page.locator('#findings li[data-rule="shouting"]').waitFor();
  assert.equal(await page.locator("#backdrop img, #findings img, #backdrop script").count(), 0);
  assert.ok((await page.locator("#backdrop").textContent()).includes("<img src=x"));
  assert.equal(dialogs, 0);
  await page.context().close();
});

test("widget.js attaches the checks to a helpdesk's own textarea", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(hostUrl + "/");
  await page.locator("#m").pressSequentially("NOTHING WORKS, FIX IT!!!", { delay: 5 });
  const advice = page.locator('.ticketlint-advice li[data-rule="shouting"]');
  await advice.waitFor();
  assert.match(await advice.textContent(), /capitals/);
  await page.screenshot({ path: `${artifacts}/widget.png` });
  await context.close();
});

test("no script error and no blocked resource on any page", () => {
  assert.deepEqual(problems, []);
});
