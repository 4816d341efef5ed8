// Real-browser test of motcua's web pages, in Debian's headless Chromium
// driven by playwright-core. Run by tests/browser.rs against a live server:
//
//   node tests/browser/run.mjs http://127.0.0.1:PORT [--screenshots DIR]
//
// The server must have public_base_url = the base URL given here, and
// widget_origins = [EMBED_ORIGIN] (tests/browser.rs sets both).
// Prints one line per check and a closing "N passed, N failed"; exits 1 if
// any check failed.

import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const base = process.argv[2];
if (!base || !/^https?:\/\//.test(base)) {
  console.error("usage: node run.mjs <base-url> [--screenshots DIR]");
  process.exit(2);
}
function option(name) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : null;
}
const shotsDir = option("--screenshots");
const embedPort = Number(option("--embed-port") || 0);
const executablePath = process.env.MOTCUA_CHROMIUM || "/usr/bin/chromium";
// The commune's own site, served here on --embed-port: tests/browser.rs
// allows http://localhost:<port> to embed the widget; http://127.0.0.1:<port>
// is another origin, not allowed. (Both are on this machine, so Chromium's
// local-network rules do not get in the way.)
const EMBED_ORIGIN = `http://localhost:${embedPort}`;
const OTHER_ORIGIN = `http://127.0.0.1:${embedPort}`;
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

// Never hang CI: the whole run has two minutes.
const watchdog = setTimeout(() => {
  console.error("browser test: timed out after 120 s");
  process.exit(3);
}, 120_000);

const results = [];
async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok - ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`not ok - ${name}: ${e && e.stack ? e.stack : e}`);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

/** A fresh context; collects console errors, page errors and dialogs. */
async function open(options = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    reducedMotion: "reduce",
    ...options,
  });
  const page = await context.newPage();
  page.problems = [];
  page.dialogs = [];
  page.on("console", (m) => {
    if (m.type() === "error") page.problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => page.problems.push(`page error: ${e.message}`));
  page.on("dialog", async (d) => {
    page.dialogs.push(d.message());
    await d.dismiss();
  });
  return { context, page };
}

/** axe-core on the page: WCAG 2.1 A and AA rules, no violation allowed. */
async function audit(page, label) {
  // Evaluated through the DevTools protocol: the page's CSP (rightly)
  // refuses an injected <script>.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      rules: { "region": { enabled: true } },
    });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  });
  assert(result.length === 0, `${label}: accessibility violations:\n  ${result.join("\n  ")}`);
}

function noProblems(page) {
  assert(page.problems.length === 0, `errors in the page:\n  ${page.problems.join("\n  ")}`);
}

async function shot(page, name, options = {}) {
  if (!shotsDir) return;
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: path.join(shotsDir, name), ...options });
}

async function ask(page, question) {
  const box = page.getByLabel(/Câu hỏi của bạn|Your question/);
  await box.fill(question);
  await box.press("Enter");
}

// ---------------------------------------------------------------------------

await check("chat: asking shows the checklist; ticking updates what is missing", async () => {
  const { context, page } = await open();
  const res = await page.goto(`${base}/`);
  assert(res.status() === 200, `status ${res.status()}`);
  const csp = res.headers()["content-security-policy"] || "";
  assert(csp.includes("script-src 'self'") && !csp.includes("unsafe-inline"), `CSP: ${csp}`);
  assert((await page.getAttribute("html", "lang")) === "vi", "html lang is vi");
  await ask(page, "làm giấy khai sinh cho con");
  const reply = page.locator(".turn .bubble.reply").last();
  const checklist = reply.locator(".checklist");
  await checklist.waitFor();
  assert(/khai sinh/i.test(await reply.locator("h2").first().innerText()), "answers with the birth registration");
  const items = checklist.locator(".items input[type=checkbox]");
  const total = await items.count();
  assert(total >= 3, `checklist has ${total} items`);
  const missing = checklist.locator(".missing-list li:not([hidden])");
  assert((await missing.count()) === total, "everything is missing before ticking");
  const first = checklist.getByLabel("Giấy chứng sinh", { exact: true });
  await first.check();
  await page.waitForFunction(
    ([sel, n]) => document.querySelectorAll(sel).length === n,
    [".turn:last-child .missing-list li:not([hidden])", total - 1],
  );
  const names = await missing.locator(".name").allInnerTexts();
  assert(!names.includes("Giấy chứng sinh"), `still listed as missing: ${names.join(" / ")}`);
  const detail = await checklist.locator(".missing-list li:not([hidden])").first().innerText();
  assert(/\(.*bản chính.*\)/.test(detail), `missing item without its form: ${detail}`);
  const progress = await checklist.locator(".progress").innerText();
  assert(progress.includes(`1/${total}`), `progress: ${progress}`);
  const printHref = await checklist.locator(".print-link").getAttribute("href");
  assert(/\/thu-tuc\/1\.001193\?co=\d+#giay-to$/.test(printHref), `print link: ${printHref}`);
  // Quick replies from `suggestions`, cited passages opening the article.
  assert((await page.locator(".chips button.chip").count()) > 0, "quick replies shown");
  const passage = reply.locator(".passages a").first();
  assert(/\/van-ban\/[^/]+\/dieu\//.test(await passage.getAttribute("href")), "passages link to articles");
  // Thumbs up is sent and acknowledged.
  const sent = page.waitForResponse((r) => r.url().endsWith("/api/feedback"));
  await reply.locator(".feedback button[data-helpful=true]").click();
  assert((await sent).status() === 204, "feedback answered 204");
  assert((await reply.locator(".feedback .thanks").innerText()).length > 0, "thanks shown");
  if (shotsDir) {
    // From the question to the "still missing" box, the page as tall as needed.
    const clip = await page.evaluate(() => {
      const turn = document.querySelector(".turn:last-child").getBoundingClientRect();
      const box = document.querySelector(".turn:last-child .missing").getBoundingClientRect();
      return { x: 0, y: turn.top + scrollY - 16, width: innerWidth, height: box.bottom - turn.top + 110 };
    });
    await shot(page, "chat-desktop.png", { fullPage: true, clip });
  }
  await audit(page, "chat with an answer");
  noProblems(page);
  await context.close();
});

await check("chat: thanks get a courtesy and the next quick reply stays on the procedure", async () => {
  const { context, page } = await open();
  await page.goto(`${base}/`);
  await ask(page, "làm giấy khai sinh cho con");
  await page.locator(".turn .bubble.reply .checklist").waitFor();
  await ask(page, "cảm ơn bạn nhiều nha");
  await page.waitForFunction(() => document.querySelectorAll(".turn .bubble.reply:not(.pending)").length === 2);
  const reply = page.locator(".turn .bubble.reply").last();
  assert((await reply.locator(".courtesy").count()) === 1, "courtesy shown");
  assert((await reply.locator(".checklist, .feedback").count()) === 0, "no checklist nor rating for thanks");
  await page.locator(".chips button.chip", { hasText: "Lệ phí bao nhiêu?" }).click();
  await page.waitForFunction(() => document.querySelectorAll(".turn .bubble.reply:not(.pending)").length === 3);
  const fees = page.locator(".turn .bubble.reply").last();
  assert(/khai sinh/i.test(await fees.locator("h2").first().innerText()), "the fees follow the birth registration");
  await audit(page, "chat with a courtesy");
  noProblems(page);
  await context.close();
});

await check("chat: a question with markup is shown as text and runs no script", async () => {
  const { context, page } = await open();
  await page.goto(`${base}/`);
  const evil = "<img src=x onerror=alert(1)>";
  await ask(page, evil);
  await page.locator(".turn .bubble.reply:not(.pending)").waitFor();
  const said = await page.locator(".turn .said").last().innerText();
  assert(said === evil, `question shown as: ${said}`);
  assert((await page.locator("main img").count()) === 0, "an <img> element was created");
  await page.waitForTimeout(300);
  assert(page.dialogs.length === 0, `a dialog opened: ${page.dialogs.join(", ")}`);
  noProblems(page);
  await context.close();
});

await check("chat without JavaScript: the form post renders the answer, escaped", async () => {
  const { context, page } = await open({ javaScriptEnabled: false });
  await page.goto(`${base}/`);
  await page.getByLabel("Câu hỏi của bạn").fill("làm giấy khai sinh cho con <img src=x onerror=alert(1)>");
  await page.getByRole("button", { name: "Gửi câu hỏi" }).click();
  await page.locator(".turn .checklist").waitFor();
  assert((await page.locator("main img").count()) === 0, "an <img> element was created");
  assert((await page.locator(".turn .said").innerText()).includes("<img src=x"), "question shown as text");
  const session = await page.locator("input[name=session]").inputValue();
  assert(session.length > 0, "session carried in the form");
  // Ticking without script: the form goes to the procedure page.
  await page.getByLabel("Giấy chứng sinh", { exact: true }).check();
  await page.getByRole("button", { name: "Cập nhật danh sách còn thiếu" }).click();
  await page.waitForURL(/\/thu-tuc\/1\.001193\?co=\d+/);
  const missing = await page.locator(".missing-list li:not([hidden]) .name").allInnerTexts();
  assert(missing.length > 0 && !missing.includes("Giấy chứng sinh"), `missing: ${missing.join(" / ")}`);
  assert(page.dialogs.length === 0, "no dialog");
  await context.close();
});

await check("chat on a phone, in English, with larger text", async () => {
  const { context, page } = await open({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(`${base}/?lang=en`);
  assert((await page.getAttribute("html", "lang")) === "en", "html lang is en");
  const before = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  assert(before >= 18, `base font size ${before}px`);
  await page.getByRole("button", { name: "Larger text" }).click();
  const after = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  assert(after > before, `text size control: ${before}px → ${after}px`);
  await page.getByRole("button", { name: "Smaller text" }).click();
  await ask(page, "How do I register a birth?");
  const reply = page.locator(".turn .bubble.reply").last();
  await reply.locator(".checklist").waitFor();
  assert((await reply.locator(".sec-documents h3").first().innerText()) === "Documents to bring", "English labels");
  assert((await reply.locator(".proc-title").getAttribute("lang")) === "vi", "corpus text marked lang=vi");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 1, `page wider than the phone by ${overflow}px`);
  await audit(page, "English chat on a phone");
  noProblems(page);
  await context.close();
});

await check("chat screenshots (phone, Vietnamese)", async () => {
  if (!shotsDir) return;
  const { context, page } = await open({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(`${base}/`);
  await ask(page, "làm giấy khai sinh cho con");
  const reply = page.locator(".turn .bubble.reply").last();
  await reply.locator(".checklist").waitFor();
  const item = reply.getByLabel("Giấy chứng sinh", { exact: true });
  await item.check();
  await item.evaluate((e) => e.closest(".item").scrollIntoView({ block: "center" }));
  await shot(page, "chat-phone.png");
  await context.close();
});

await check("keyboard: the first Tab reaches the skip link, which moves to the main content", async () => {
  const { context, page } = await open();
  await page.goto(`${base}/thu-tuc`);
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.className);
  assert(focused === "skip", `first focus: ${focused}`);
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  const inMain = await page.evaluate(() => !!document.activeElement.closest("main"));
  assert(inMain, "focus moved into main");
  await context.close();
});

await check("catalog: grouped by field, search as you type without accents", async () => {
  const { context, page } = await open();
  const res = await page.goto(`${base}/thu-tuc`);
  assert(res.status() === 200, `status ${res.status()}`);
  const all = await page.locator("#catalog li[data-k]:not([hidden])").count();
  assert(all > 100, `${all} procedures listed`);
  const hoTich = page.locator("#lv-ho-tich");
  assert(await hoTich.locator('a[href="/thu-tuc/1.001193"]').count() === 1, "1.001193 under Hộ tịch");
  await shot(page, "catalog-desktop.png");
  await page.getByLabel("Tìm thủ tục").pressSequentially("dang ky khai sinh", { delay: 10 });
  await page.waitForFunction((n) => document.querySelectorAll("#catalog li[data-k]:not([hidden])").length < n, all);
  const shown = await page.locator("#catalog li[data-k]:not([hidden]) a").allInnerTexts();
  assert(shown.includes("Thủ tục đăng ký khai sinh"), `found: ${shown.slice(0, 5).join(" / ")}`);
  assert(shown.every((s) => /khai sinh/i.test(s)), "only matching procedures remain");
  assert((await page.locator("#find-status").innerText()).length > 0, "status announced");
  await audit(page, "catalog");
  noProblems(page);
  await context.close();
});

await check("catalog on a phone", async () => {
  if (!shotsDir) return;
  const { context, page } = await open({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(`${base}/thu-tuc`);
  await page.getByLabel("Tìm thủ tục").pressSequentially("ho tich", { delay: 10 });
  await page.waitForTimeout(200);
  await shot(page, "catalog-phone.png");
  await context.close();
});

await check("procedure page: QR code to the public URL, legal basis linked, A4 board in print", async () => {
  const { context, page } = await open();
  const res = await page.goto(`${base}/thu-tuc/1.001193`);
  assert(res.status() === 200, `status ${res.status()}`);
  const qr = page.locator("figure.qr svg[role=img]");
  assert((await qr.count()) === 1, "one QR code");
  const box = await qr.boundingBox();
  assert(box && box.width >= 100, `QR code ${box && box.width}px wide`);
  const url = await page.locator("figure.qr .url").innerText();
  assert(url === `${base}/thu-tuc/1.001193`, `QR URL ${url}`);
  const printButton = page.getByRole("button", { name: "In bảng niêm yết (A4)" });
  assert(await printButton.isVisible(), "print button shown with script");
  await audit(page, "procedure page");
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.emulateMedia({ media: "print" });
  assert(!(await page.locator("header.banner").isVisible()), "banner hidden in print");
  assert(await page.locator(".board-org").isVisible(), "commune name printed");
  assert(await qr.isVisible(), "QR code printed");
  if (shotsDir) {
    // The board as printed: Chromium's own A4 PDF, first page as a PNG.
    const pdf = path.join(shotsDir, "board.pdf");
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    const made = spawnSync("pdftoppm", ["-png", "-r", "96", "-f", "1", "-l", "1", "-singlefile", pdf,
      path.join(shotsDir, "board-print-a4")]);
    rmSync(pdf, { force: true });
    if (made.status !== 0) await shot(page, "board-print-a4.png", { fullPage: true });
  }
  await page.emulateMedia({ media: "screen" });
  noProblems(page);
  await context.close();
});

await check("procedure page on a phone", async () => {
  if (!shotsDir) return;
  const { context, page } = await open({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(`${base}/thu-tuc/1.001193?co=3`);
  await shot(page, "procedure-phone.png");
  await context.close();
});

await check("article page: Điều 16 of 60/2014/QH13, clause anchors, audit", async () => {
  const { context, page } = await open();
  const res = await page.goto(`${base}/van-ban/60-2014-QH13/dieu/16`);
  assert(res.status() === 200, `status ${res.status()}`);
  assert((await page.locator("h1").innerText()).startsWith("Điều 16"), "article heading");
  assert((await page.locator("#khoan-1").count()) === 1, "clause anchor");
  await audit(page, "article page");
  await page.goto(`${base}/van-ban/60-2014-QH13#dieu-16`);
  assert((await page.locator("#dieu-16 h4").innerText()).startsWith("Điều 16"), "document anchor");
  noProblems(page);
  await context.close();
});

await check("widget: embeds on the configured origin only", async () => {
  assert(embedPort > 0, "no --embed-port given");
  const site = http.createServer((req, res) => {
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    if (req.url.startsWith("/iframe")) {
      res.end(`<!doctype html><html lang="vi"><head><title>Xã Hát Môn</title></head><body>` +
        `<h1>Cổng thông tin xã</h1><iframe src="${base}/widget" title="Trợ lý" width="420" height="640"></iframe></body></html>`);
    } else {
      res.end(`<!doctype html><html lang="vi"><head><title>Xã Hát Môn</title></head><body>` +
        `<h1>Cổng thông tin xã</h1><script src="${base}/widget.js" async></script></body></html>`);
    }
  });
  await new Promise((ok, fail) => site.listen(embedPort, "127.0.0.1", ok).on("error", fail));
  try {
    const { context, page } = await open();
    await page.goto(`${EMBED_ORIGIN}/`);
    await page.getByRole("button", { name: "Hỏi đáp thủ tục" }).click();
    const frame = page.frameLocator("iframe[title]");
    await frame.getByLabel("Câu hỏi của bạn").fill("làm giấy khai sinh cho con");
    await frame.getByLabel("Câu hỏi của bạn").press("Enter");
    await frame.locator(".turn .checklist").waitFor();
    await shot(page, "widget.png");

    // The plain iframe way, on the allowed origin.
    await page.goto(`${EMBED_ORIGIN}/iframe`);
    await page.frameLocator("iframe").locator("#chat-form").waitFor();

    // Another origin: the browser refuses to render the frame.
    const other = await context.newPage();
    const logged = [];
    other.on("console", (m) => logged.push(m.text()));
    await other.goto(`${OTHER_ORIGIN}/iframe`);
    await other.waitForTimeout(500);
    const f = other.frames().find((x) => x !== other.mainFrame());
    const loaded = f ? await f.locator("#chat-form").count().catch(() => 0) : 0;
    assert(loaded === 0, "the widget rendered inside a site that is not allowed");
    assert(logged.some((t) => /frame-ancestors/.test(t)), `no frame-ancestors refusal logged: ${logged.join(" | ")}`);
    await context.close();
  } finally {
    site.close();
  }
});

await check("unknown procedure: a 404 page in HTML", async () => {
  const { context, page } = await open();
  const res = await page.goto(`${base}/thu-tuc/9.999999`);
  assert(res.status() === 404, `status ${res.status()}`);
  assert((await page.locator("h1").innerText()).length > 0, "has a heading");
  await context.close();
});

await browser.close();
clearTimeout(watchdog);
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
