// Drives the `claimlint serve` page in headless Chromium as a person would: the findings are
// check's findings, highlighted in place; the jurisdiction picker filters by code prefix; the
// controls have labels, work from the keyboard and have enough contrast; copy is shown as text,
// never markup; and no request goes anywhere but 127.0.0.1. Prints the time from paste to
// highlights for a 20 KB page and keeps a screenshot in target/.
//
// Node standard library only, like report_test.mjs: Chromium is driven over the DevTools
// protocol on a pipe (--remote-debugging-pipe: commands on fd 3, replies on fd 4).
//
// Usage: node tests/browser/serve_test.mjs [path/to/claimlint]   (CHROMIUM=... to pick the browser)

import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const bin = path.resolve(process.argv[2] || path.join(repo, "target/debug/claimlint"));
const chromium = process.env.CHROMIUM || "/usr/bin/chromium";
const artifacts = path.join(process.env.CARGO_TARGET_DIR || path.join(repo, "target"), "browser");
fs.mkdirSync(artifacts, { recursive: true });

let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}${detail === undefined ? "" : ": " + JSON.stringify(detail)}`);
  }
}

// A working directory without a claimlint.yaml, so the page and `check --no-config` agree.
const work = fs.mkdtempSync(path.join(os.tmpdir(), "claimlint-serve-"));
const COPY = "# 再生医療のご案内\n\n🧬 当院の幹細胞治療なら必ず治る。\n\nOur miracle cure works for everyone.\n\n本店是最好的干细胞诊所，保证治愈。\n";
fs.writeFileSync(path.join(work, "copy.md"), COPY);
const expected = JSON.parse(
  (() => {
    try {
      // Every jurisdiction's codes, for the picker's expectations (a default never drops a finding,
      // so the findings are check's either way).
      return execFileSync(bin, ["check", "--format", "json", "--jurisdiction", "all", "copy.md"], {
        cwd: work,
        encoding: "utf8",
      });
    } catch (e) {
      if (e.status === 1) return e.stdout;
      throw e;
    }
  })(),
).files[0].diagnostics;

// --- the server ----------------------------------------------------------------------------
const server = spawn(bin, ["serve"], { cwd: work, stdio: ["ignore", "pipe", "inherit"] });
const base = await new Promise((resolve, reject) => {
  let out = "";
  server.stdout.on("data", (d) => {
    out += d;
    const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
    if (m) resolve(m[0]);
  });
  server.on("exit", (code) => reject(new Error(`claimlint serve exited with ${code}`)));
  setTimeout(() => reject(new Error("claimlint serve printed no URL")), 30000);
});
check("serve prints a 127.0.0.1 URL", base.startsWith("http://127.0.0.1:"), base);

// --- Chromium over the DevTools pipe -----------------------------------------------------
const profile = fs.mkdtempSync(path.join(os.tmpdir(), "claimlint-chromium-"));
const browser = spawn(
  chromium,
  [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    `--user-data-dir=${profile}`,
    "--remote-debugging-pipe",
    "about:blank",
  ],
  { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] },
);
let browserLog = "";
browser.stdio[2].on("data", (d) => (browserLog += d));
const toBrowser = browser.stdio[3];
const fromBrowser = browser.stdio[4];

let nextId = 1;
const waiting = new Map();
const listeners = [];
let buffered = "";
fromBrowser.on("data", (chunk) => {
  buffered += chunk.toString("utf8");
  let end;
  while ((end = buffered.indexOf("\0")) >= 0) {
    const msg = JSON.parse(buffered.slice(0, end));
    buffered = buffered.slice(end + 1);
    if (msg.id !== undefined && waiting.has(msg.id)) {
      const { resolve, reject } = waiting.get(msg.id);
      waiting.delete(msg.id);
      if (msg.error) reject(new Error(JSON.stringify(msg.error)));
      else resolve(msg.result);
    } else if (msg.method) {
      for (const l of listeners) l(msg);
    }
  }
});
function send(method, params = {}, sessionId) {
  const id = nextId++;
  const msg = { id, method, params };
  if (sessionId) msg.sessionId = sessionId;
  toBrowser.write(JSON.stringify(msg) + "\0");
  return new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
}
function once(method, sessionId) {
  return new Promise((resolve) => {
    const l = (msg) => {
      if (msg.method === method && (!sessionId || msg.sessionId === sessionId)) {
        listeners.splice(listeners.indexOf(l), 1);
        resolve(msg.params);
      }
    };
    listeners.push(l);
  });
}
const dialogs = [];
const requests = [];
listeners.push((msg) => {
  if (msg.method === "Page.javascriptDialogOpening") dialogs.push(msg.params.message);
  if (msg.method === "Network.requestWillBeSent") requests.push(msg.params.request.url);
});

const timeout = setTimeout(() => {
  console.log("FAIL timed out\n" + browserLog);
  browser.kill("SIGKILL");
  server.kill();
  process.exit(1);
}, 120000);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  const page = (method, params) => send(method, params, sessionId);
  await page("Page.enable");
  await page("Network.enable");
  await page("Runtime.enable");
  await page("Emulation.setDeviceMetricsOverride", { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false });
  const loaded = once("Page.loadEventFired", sessionId);
  await page("Page.navigate", { url: base });
  await loaded;
  const evaluate = async (expression) => {
    const r = await page("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) throw new Error(JSON.stringify(r.exceptionDetails));
    return r.result.value;
  };
  const key = async (keyName, code, vk, modifiers = 0) => {
    await page("Input.dispatchKeyEvent", { type: "rawKeyDown", key: keyName, code, windowsVirtualKeyCode: vk, modifiers });
    if (keyName === "Enter") await page("Input.dispatchKeyEvent", { type: "char", text: "\r", key: "Enter", code: "Enter", windowsVirtualKeyCode: 13 });
    await page("Input.dispatchKeyEvent", { type: "keyUp", key: keyName, code, windowsVirtualKeyCode: vk, modifiers });
  };
  const rendered = `new Promise((r) => document.addEventListener("claimlint-rendered", (e) => r(e.detail), { once: true }))`;

  // --- accessibility basics ------------------------------------------------------------------
  const unlabeled = await evaluate(`[...document.querySelectorAll("input, select, textarea, button")]
      .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute("aria-label") && !e.textContent.trim())
      .map((e) => e.id || e.outerHTML)`);
  check("every control has a label", unlabeled.length === 0, unlabeled);
  const lang = await evaluate(`document.documentElement.lang`);
  check("the page declares its language", lang === "en", lang);

  // Keyboard: Tab walks the controls in reading order.
  await evaluate(`document.activeElement && document.activeElement.blur(), true`);
  const order = [];
  for (let i = 0; i < 6; i++) {
    await key("Tab", "Tab", 9);
    order.push(await evaluate(`document.activeElement.id`));
  }
  check("Tab reaches every control in order", JSON.stringify(order) === JSON.stringify(["lang", "jurisdiction", "kind", "file", "check", "copy"]), order);

  // Typing with the keyboard into the focused textarea, then the findings appear.
  let done = evaluate(rendered);
  await page("Input.insertText", { text: COPY });
  await done;
  const shown = await evaluate(`[...document.querySelectorAll("#findings li")].map((li) => li.dataset.rule)`);
  check(
    "the page lists the same findings as `claimlint check`",
    JSON.stringify(shown) === JSON.stringify(expected.map((d) => d.rule)),
    { shown, expected: expected.map((d) => d.rule) },
  );
  const marked = await evaluate(`[...document.querySelectorAll("#findings li")].map((_, i) =>
      [...document.querySelectorAll("#highlighted mark")].filter((m) => m.dataset.findings.split(" ").includes(String(i)))
        .map((m) => m.textContent).join(""))`);
  const excerpts = expected.map((d) => d.matched);
  check("each finding highlights exactly its matched text", JSON.stringify(marked) === JSON.stringify(excerpts), { marked, excerpts });
  const textShown = await evaluate(`document.getElementById("highlighted").textContent`);
  check("the highlighted text is the copy, unchanged (emoji and CJK offsets exact)", textShown === COPY, textShown);
  const firstCard = await evaluate(`(() => { const li = document.querySelector("#findings li");
      return { law: li.querySelector(".law")?.textContent || "", suggestion: li.querySelector(".suggestion")?.textContent || "",
               message: li.querySelector(".message").textContent }; })()`);
  check("a finding shows its message, law and suggestion", firstCard.message && firstCard.law.startsWith("Law:") && firstCard.suggestion, firstCard);

  // Screenshot for people (and the README): the page as it looks right after a check.
  await evaluate(`document.activeElement.blur(), (document.getElementById("copy").scrollTop = 0), window.scrollTo(0, 0), true`);
  const shot = await page("Page.captureScreenshot", { format: "png" });
  fs.writeFileSync(path.join(artifacts, "serve-page.png"), Buffer.from(shot.data, "base64"));
  console.log(`screenshot: ${path.join(artifacts, "serve-page.png")}`);

  // Contrast of text against its background (WCAG AA: 4.5:1) for everything with text.
  const lowContrast = await evaluate(`(() => {
    const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => { const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
    const bg = (e) => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3); } return [255, 255, 255]; };
    const bad = [];
    for (const e of document.querySelectorAll("body *")) {
      if (!e.offsetParent || ![...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
      const [a, b] = [lum(rgb(getComputedStyle(e).color)), lum(bg(e))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < 4.5) bad.push(e.tagName + "." + e.className + ": " + ratio.toFixed(2));
    }
    return bad; })()`);
  check("all visible text has at least 4.5:1 contrast", lowContrast.length === 0, lowContrast);

  // A finding's buttons are reachable by keyboard: focus "Copy suggestion", press Enter.
  await page("Browser.grantPermissions", { permissions: ["clipboardReadWrite", "clipboardSanitizedWrite"], origin: base.replace(/\/$/, "") }).catch(() => {});
  await evaluate(`document.querySelector(".copy-suggestion").focus(), true`);
  await key("Enter", "Enter", 13);
  await new Promise((r) => setTimeout(r, 200));
  const copied = await evaluate(`document.querySelector(".copy-suggestion").textContent`);
  check("Enter on Copy suggestion copies it", copied === "Copied", copied);
  await evaluate(`document.querySelector(".show-in-text").focus(), true`);
  await key("Enter", "Enter", 13);
  const current = await evaluate(`document.querySelectorAll("#highlighted mark.current").length`);
  check("Enter on Show in text marks the finding in the copy", current > 0, current);

  // --- the jurisdiction picker -------------------------------------------------------------
  const pick = async (id, value) => {
    const d = evaluate(rendered);
    await evaluate(`(() => { const s = document.getElementById(${JSON.stringify(id)}); s.value = ${JSON.stringify(value)};
      s.dispatchEvent(new Event("change")); return true; })()`);
    return d;
  };
  await pick("jurisdiction", "us");
  const usRules = await evaluate(`[...document.querySelectorAll("#findings li")].map((li) => li.dataset.rule)`);
  const usExpected = expected.filter((d) => d.codes.some((c) => c.startsWith("us-"))).map((d) => d.rule);
  check("jurisdiction US keeps exactly the findings with us- codes", JSON.stringify(usRules) === JSON.stringify(usExpected) && usRules.length > 0, { usRules, usExpected });
  const summaryText = await evaluate(`document.getElementById("summary").textContent`);
  check("the summary says how many findings the jurisdiction hid", summaryText.includes(`${expected.length - usExpected.length} outside`), summaryText);
  await pick("jurisdiction", "all");

  // --- copy that looks like markup stays text --------------------------------------------------
  await pick("kind", "text");
  done = evaluate(rendered);
  await evaluate(`(() => { const t = document.getElementById("copy");
    t.value = '<img src=x onerror="alert(1)"> 必ず治る <script>alert(2)<\\/script>';
    t.dispatchEvent(new InputEvent("input", { inputType: "insertFromPaste" })); return true; })()`);
  await done;
  const injected = await evaluate(`document.querySelectorAll("#highlighted img, #highlighted script, #findings img").length`);
  check("pasted markup is shown as text, never run", injected === 0 && dialogs.length === 0, { injected, dialogs });
  await pick("kind", "auto");

  // --- a file chosen with the file input is decoded by claimlint and checked -----------------
  const htmlFile = path.join(work, "page.html");
  fs.writeFileSync(htmlFile, "<!doctype html><html><body><h1>Clinic</h1><p>Our miracle cure works.</p></body></html>\n");
  const { root } = await page("DOM.getDocument", {});
  const { nodeId } = await page("DOM.querySelector", { nodeId: root.nodeId, selector: "#file" });
  done = evaluate(rendered);
  await page("DOM.setFileInputFiles", { nodeId, files: [htmlFile] });
  await done;
  const fileState = await evaluate(`({ kind: document.getElementById("kind").value,
    rules: [...document.querySelectorAll("#findings li")].map((li) => li.dataset.rule),
    marks: [...document.querySelectorAll("#highlighted mark")].map((m) => m.textContent) })`);
  check("an HTML file is checked as HTML and its findings highlighted", fileState.kind === "html" && fileState.rules.length > 0 && fileState.marks.includes("cure"), fileState);

  // --- paste to highlights, 20 KB ---------------------------------------------------------------
  await pick("kind", "auto");
  let big = "";
  const block = "## 再生医療のご案内\n\n当院の幹細胞治療は自由診療です。費用は1回550,000円（税込）、主な副作用は発熱です。\n\nOur clinic offers regenerative treatments. This miracle cure works for everyone.\n\n- 必ず治る\n- 痛みのない治療\n\n";
  while (Buffer.byteLength(big) < 20 * 1024) big += block;
  const times = [];
  let bigFindings = 0;
  for (let i = 0; i < 11; i++) {
    const text = big + "x".repeat(i); // a different paste each time
    const detail = await evaluate(`(async () => {
      const d = ${rendered};
      const t = document.getElementById("copy");
      t.value = ${JSON.stringify(text)};
      t.dispatchEvent(new InputEvent("input", { inputType: "insertFromPaste" }));
      return await d; })()`);
    times.push(detail.ms);
    bigFindings = detail.findings;
  }
  check("a 20 KB page is highlighted throughout", bigFindings > 20, bigFindings);
  console.log(
    `serve: paste to highlights, ${Buffer.byteLength(big)} byte page, median of ${times.length}: ${median(times).toFixed(1)} ms ` +
      `(min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`,
  );

  // --- nothing leaves the machine -----------------------------------------------------------
  const outside = requests.filter((u) => !u.startsWith(base) && !u.startsWith("data:") && !u.startsWith("about:"));
  check(`every request went to ${base} (${requests.length} requests)`, outside.length === 0 && requests.length > 0, outside);
} catch (e) {
  failed++;
  console.log("FAIL " + e.stack + "\n" + browserLog);
} finally {
  clearTimeout(timeout);
  server.kill();
  const exited = new Promise((r) => browser.once("exit", r));
  browser.kill();
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  for (const dir of [work, profile]) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Chromium may still be writing its profile; a temporary directory left behind is harmless.
    }
  }
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
