// Loads a `claimlint report` page in headless Chromium and checks what a person would see:
// the totals equal the JSON summary of the same run, the category and language filters hide the
// other findings, the file list sorts by number of findings, and text from checked pages that
// looks like markup stays text.
//
// Node standard library only; Chromium is driven over the DevTools protocol on a pipe
// (--remote-debugging-pipe: commands on fd 3, replies on fd 4, each message NUL-terminated).
//
// Usage: node tests/browser/report_test.mjs [path/to/claimlint]   (CHROMIUM=... to pick the browser)

import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const bin = path.resolve(process.argv[2] || path.join(repo, "target/debug/claimlint"));
const chromium = process.env.CHROMIUM || "/usr/bin/chromium";
const fixtures = path.join(repo, "tests/fixtures/batch");

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

// A small corpus: three categories, three severities, Japanese and English files, a hostile
// page, a clean page and a binary file.
const work = fs.mkdtempSync(path.join(os.tmpdir(), "claimlint-browser-"));
const tree = path.join(work, "site");
const put = (rel, data) => {
  fs.mkdirSync(path.dirname(path.join(tree, rel)), { recursive: true });
  fs.writeFileSync(path.join(tree, rel), data);
};
put("en/a.txt", "Our miracle cure works.\nThe best clinic in town.\nThe best clinic, again.\n");
put("en/b.html", "<!doctype html><html><body><p>A miracle cure.</p></body></html>");
put("ja/c.txt", "当院の再生医療なら必ず治る。\n");
put("ja/d.md", "# 案内\n\n必ず治ると評判です。\n");
put("hostile.txt", fs.readFileSync(path.join(fixtures, "hostile.txt")));
put("clean.txt", "Opening hours: 9 to 5.\n");
put("logo.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0, 1]));

const packArgs = ["--no-default-rules", "--rules", path.join(fixtures, "pack.yaml")];
function claimlint(args) {
  try {
    return execFileSync(bin, args, { cwd: work, encoding: "utf8" });
  } catch (e) {
    if (e.status === 1) return e.stdout; // findings
    throw e;
  }
}
const json = JSON.parse(claimlint(["check", ...packArgs, "site", "--format", "json"]));
const reportPath = path.join(work, "report.html");
claimlint(["report", ...packArgs, "site", "-o", reportPath]);

const diags = json.files.flatMap((f) => f.diagnostics.map((d) => ({ ...d, language: f.language })));
const countBy = (key) => diags.reduce((m, d) => ((m[d[key]] = (m[d[key]] || 0) + 1), m), {});
const sameCounts = (a, b) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

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
  process.exit(1);
}, 240000);

try {
  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  const page = (method, params) => send(method, params, sessionId);
  await page("Page.enable");
  await page("Network.enable");
  await page("Runtime.enable");
  const loaded = once("Page.loadEventFired", sessionId);
  await page("Page.navigate", { url: pathToFileURL(reportPath).href });
  await loaded;
  const evaluate = async (expression) => {
    const r = await page("Runtime.evaluate", { expression, returnByValue: true });
    if (r.exceptionDetails) throw new Error(JSON.stringify(r.exceptionDetails));
    return r.result.value;
  };

  const shown = await evaluate(`(() => {
    const t = (id) => Number(document.getElementById(id).textContent);
    return { files: t("total-files"), diagnostics: t("total-diagnostics"), errors: t("total-errors"),
             warnings: t("total-warnings"), infos: t("total-infos") };
  })()`);
  check("totals shown equal the JSON summary", JSON.stringify(shown) === JSON.stringify(json.summary), {
    shown,
    summary: json.summary,
  });
  check("the run has findings in several categories", Object.keys(countBy("category")).length === 3, countBy("category"));

  const categories = await evaluate(`Object.fromEntries([...document.querySelectorAll("#categories tbody tr")]
      .map((tr) => [tr.cells[0].textContent, Number(tr.cells[1].textContent)]))`);
  check("totals by category equal the JSON diagnostics", sameCounts(categories, countBy("category")), {
    categories,
  });

  const visible = `[...document.querySelectorAll(".finding")].filter((e) => e.offsetParent !== null)`;
  const all = await evaluate(`${visible}.length`);
  check("every finding is shown before filtering", all === diags.length, { all, expected: diags.length });

  const setFilter = (id, value) =>
    evaluate(`(() => { const s = document.getElementById(${JSON.stringify(id)});
      s.value = ${JSON.stringify(value)}; s.dispatchEvent(new Event("change")); return s.value; })()`);

  for (const category of ["superlative", "curative-claim"]) {
    await setFilter("filter-category", category);
    const cats = await evaluate(`${visible}.map((e) => e.dataset.category)`);
    check(
      `category filter ${category} shows exactly its findings`,
      cats.length === countBy("category")[category] && cats.every((c) => c === category),
      cats,
    );
  }
  await setFilter("filter-category", "");
  await setFilter("filter-language", "ja");
  const langs = await evaluate(`${visible}.map((e) => e.dataset.language)`);
  check("language filter shows only that language", langs.length === countBy("language").ja && langs.every((l) => l === "ja"), langs);
  await setFilter("filter-language", "");
  await setFilter("filter-severity", "warning");
  const sevs = await evaluate(`${visible}.map((e) => e.dataset.severity)`);
  check("severity filter shows only that severity", sevs.length === countBy("severity").warning && sevs.every((s) => s === "warning"), sevs);
  await setFilter("filter-severity", "");
  check("clearing the filters shows everything again", (await evaluate(`${visible}.length`)) === diags.length);

  await evaluate(`document.getElementById("sort-findings").click()`);
  const order = await evaluate(`[...document.querySelectorAll("#files tbody tr")].map((tr) => Number(tr.dataset.findings))`);
  check("file list sorts by number of findings, most first", order.length > 1 && order.every((n, i) => i === 0 || order[i - 1] >= n), order);

  const hostile = await evaluate(`[...document.querySelectorAll(".context")].map((e) => e.textContent).join("\\n")`);
  check(
    "markup in checked text is shown as text",
    hostile.includes('</script><script>alert("x")</script> <!-- works & more.') && dialogs.length === 0,
    { dialogs },
  );
  check("the page makes no network request", requests.every((u) => u.startsWith("file:")), requests);

  // --- A regulator's scale: 20,000 pages, 120,000 findings ------------------------------
  const big = path.join(work, "big");
  const unit = "Our miracle cure works. The best clinic in town. 当院の再生医療なら必ず治る。\n";
  for (let i = 0; i < 20000; i++) {
    const dir = path.join(big, `d${String(Math.floor(i / 1000)).padStart(2, "0")}`);
    if (i % 1000 === 0) fs.mkdirSync(dir, { recursive: true });
    const html = i % 2 === 1;
    const body = html ? `<html><body><p>${unit}</p></body></html>\n` : unit;
    fs.writeFileSync(path.join(dir, `p${String(i).padStart(5, "0")}.${html ? "html" : "txt"}`), body.repeat(2));
  }
  const bigReport = path.join(work, "big.html");
  let started = Date.now();
  claimlint(["report", ...packArgs, "big", "-o", bigReport, "-q"]);
  const made = Date.now() - started;
  const size = fs.statSync(bigReport).size;
  const bigLoaded = once("Page.loadEventFired", sessionId);
  started = Date.now();
  await page("Page.navigate", { url: pathToFileURL(bigReport).href });
  await bigLoaded;
  let ready = false;
  while (!ready && Date.now() - started < 120000) {
    ready = await evaluate(`document.body.dataset.ready === "1"`);
    if (!ready) await new Promise((r) => setTimeout(r, 50));
  }
  const firstRender = Date.now() - started;
  console.log(
    `20,000 pages: report written in ${(made / 1000).toFixed(1)} s, ${(size / 1e6).toFixed(1)} MB; ` +
      `first render in headless Chromium ${(firstRender / 1000).toFixed(1)} s`,
  );
  check("a 20,000-page report renders its first page within 20 s", ready && firstRender < 20000, firstRender);
  const bigState = await evaluate(`({ info: document.getElementById("page-info").textContent,
    shown: document.querySelectorAll(".finding").length,
    count: document.getElementById("shown-count").textContent,
    total: Number(document.getElementById("total-diagnostics").textContent),
    summaryFirst: document.querySelector("section h2").textContent,
    mhlw: document.querySelectorAll("#chart-mhlw .bar").length,
    categories: document.querySelectorAll("#chart-category .bar").length })`);
  check("only one page of findings is in the document", bigState.shown === 100 && bigState.total === 120000, bigState);
  check("pages are counted", bigState.info === "page 1 of 1200", bigState);
  check("the summary comes first", bigState.summaryFirst === "Totals", bigState);
  check("charts show findings by category and by MHLW code", bigState.categories === 3 && bigState.mhlw >= 1, bigState);
  const firstLoc = await evaluate(`document.querySelector(".finding .loc").textContent`);
  await evaluate(`document.getElementById("page-next").click()`);
  const second = await evaluate(`({ info: document.getElementById("page-info").textContent,
    loc: document.querySelector(".finding .loc").textContent })`);
  check("next shows the following page", second.info === "page 2 of 1200" && second.loc !== firstLoc, second);
  await setFilter("filter-category", "superlative");
  const filtered = await evaluate(`({ count: document.getElementById("shown-count").textContent,
    cats: [...document.querySelectorAll(".finding")].map((e) => e.dataset.category) })`);
  check(
    "filtering 120,000 findings by category counts and shows only that category",
    filtered.count === "40000 of 120000 findings match" && filtered.cats.length === 100 &&
      filtered.cats.every((c) => c === "superlative"),
    filtered.count,
  );
  const contexts = await evaluate(`[...document.querySelectorAll(".finding")].map((f) =>
    ({ mark: f.querySelector(".context mark")?.textContent || "", text: f.querySelector(".context")?.textContent || "" }))`);
  await setFilter("filter-category", "");
  const htmlShown = await evaluate(`(() => { const f = document.getElementById("filter-file");
    f.value = "p00001.html"; f.dispatchEvent(new Event("input"));
    return [...document.querySelectorAll(".context")].map((e) => e.textContent); })()`);
  check(
    "an HTML page's finding shows its sentence as a reader sees it, not the markup",
    htmlShown.length > 0 && htmlShown.every((t) => !t.includes("<p>") && !t.includes("<html>")),
    htmlShown,
  );
  check(
    "every finding on the page shows its flagged words inside their sentence",
    contexts.length === 100 && contexts.every((c) => c.mark.length > 0 && c.text.length > c.mark.length),
    contexts.slice(0, 3),
  );
  if (process.env.SCREENSHOT) {
    await setFilter("filter-category", "curative-claim");
    const shot = await page("Page.captureScreenshot", { format: "png", captureBeyondViewport: true });
    fs.writeFileSync(process.env.SCREENSHOT, Buffer.from(shot.data, "base64"));
  }
} catch (e) {
  check("browser session", false, String(e.stack || e));
  console.log(browserLog);
} finally {
  clearTimeout(timeout);
  browser.kill();
  fs.rmSync(work, { recursive: true, force: true });
  // Chromium may still hold its profile for a moment; removing it is best effort.
  setTimeout(() => fs.rmSync(profile, { recursive: true, force: true }), 500);
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
