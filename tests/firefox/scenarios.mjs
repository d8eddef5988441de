// The editor in Firefox: Debian's firefox-esr driven through WebDriver BiDi by puppeteer-core.
//
//   node tests/firefox/scenarios.mjs --app URL --firefox PATH --profile DIR --banner FILE --long-title TEXT
//
// One Firefox, a fresh browser context (a BiDi user context) per scenario, all at once. Prints one JSON object
// on stdout, what a creator would see, and tests/firefox/test_firefox.py judges it. Every wait
// has a ceiling; none is a sleep. Every host but the endpoint stays unreachable: Firefox sends all
// its traffic for other hosts to a proxy in this script that refuses and records it (loopback is
// never proxied), and each page records every request it makes to a host other than 127.0.0.1.

import http from "node:http";
import { parseArgs } from "node:util";

import puppeteer from "puppeteer-core";

const READY_MS = 120_000; // a cold Pyodide start on a busy 2-core machine: a ceiling, not a wait
const WORKER_MS = 60_000; // sw.js precaches 17 MB from 127.0.0.1
const STEP_MS = 30_000; // a message, a save, a photo fitted and uploaded
const READY = "html[data-python='ready']";

const { values: args } = parseArgs({
  options: { app: { type: "string" }, firefox: { type: "string" }, profile: { type: "string" },
             banner: { type: "string" }, "long-title": { type: "string" } },
});

const report = { firefox: null, scenarios: {}, outside_requests: [], page_errors: [], proxy_requests: [] };

// -- the rest of the world, unreachable ---------------------------------------------------------

async function listen(server) {
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return server.address().port;
}

function refusingProxy() {
  const server = http.createServer((request, response) => {
    report.proxy_requests.push(`${request.method} ${request.url}`);
    response.writeHead(403).end();
  });
  server.on("connect", (request, socket) => {
    report.proxy_requests.push(`CONNECT ${request.url}`);
    socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
  });
  return server;
}

function firefoxPrefs(proxyPort) {
  return {
    "network.proxy.type": 1, // manual: every host but loopback goes to the refusing proxy
    "network.proxy.http": "127.0.0.1",
    "network.proxy.http_port": proxyPort,
    "network.proxy.ssl": "127.0.0.1",
    "network.proxy.ssl_port": proxyPort,
    "network.proxy.failover_direct": false,
    "network.dns.disablePrefetch": true,
    "network.trr.mode": 5, // no DNS over HTTPS
    // Remote settings (blocklists and the like) call firefox.settings.services.mozilla.com at start.
    // A release build takes another server only with MOZ_REMOTE_SETTINGS_DEVTOOLS set (see launch),
    // and only a data: URL stops the calls (puppeteer's own http://dummy.test/ still gets ~25).
    "services.settings.server": "data:,#remote-settings-dummy/v1",
  };
}

// -- the endpoint behind a door this script can shut (for "offline") -----------------------------

function frontDoor(target) {
  const sockets = new Set();
  const server = http.createServer((request, response) => {
    const upstream = http.request(new URL(request.url, target),
      { method: request.method, headers: request.headers }, (answer) => {
        response.writeHead(answer.statusCode, answer.headers);
        answer.pipe(response);
      });
    upstream.on("error", () => response.destroy());
    request.pipe(upstream);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const shut = () => new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    for (const socket of sockets) socket.destroy();
  });
  return { server, shut };
}

// -- pages ---------------------------------------------------------------------------------------

function isLocal(url) {
  if (/^(data|blob|about):/.test(url)) return true;
  return new URL(url).hostname === "127.0.0.1";
}

// A fresh browser context (its own storage, cache and service workers) for each scenario, shown in
// a window of its own: a tab behind another is hidden, and Firefox slows hidden pages' timers.
async function inFreshContext(browser, scenario) {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage({ type: "window" });
    page.setDefaultTimeout(STEP_MS);
    page.on("request", (request) => {
      if (!isLocal(request.url())) report.outside_requests.push(request.url());
    });
    page.on("pageerror", (error) => report.page_errors.push(String(error)));
    const result = await scenario(page);
    return { ...result, snapshot: await snapshotSettled(page) };
  } finally {
    await context.close();
  }
}

// After a normal start the editor makes a Python snapshot in a worker once it is idle (web/interpreter.mjs):
// closing the context while that worker still loads Pyodide through sw.js makes Firefox report the
// aborted load as an error of the page. A scenario ends once the snapshot is kept or given up (bounded).
async function snapshotSettled(page) {
  const state = () => document.documentElement.dataset.snapshot ?? null;
  await page.waitForFunction(() => !["making", undefined].includes(document.documentElement.dataset.snapshot),
                             { timeout: WORKER_MS }).catch(() => {});
  return await page.evaluate(state);
}

async function openEditor(page, url) {
  const started = Date.now();
  await page.goto(url);
  await page.waitForSelector(READY, { timeout: READY_MS });
  return Date.now() - started;
}

async function reloadEditor(page) {
  const started = Date.now();
  await page.reload();
  await page.waitForSelector(READY, { timeout: READY_MS });
  return Date.now() - started;
}

const shown = (page, selector) => page.$eval(selector, (element) => !element.hidden);
const text = (page, selector) => page.$eval(selector, (element) => element.textContent.trim());
const waitShown = (page, selector) => page.waitForSelector(`${selector}:not([hidden])`);

async function typeLongTitle(page) {
  const started = Date.now();
  await page.type("#title", args["long-title"]);
  await waitShown(page, "#title-message");
  return {
    message_ms: Date.now() - started,
    title_message: await text(page, "#title-message"),
    aria_invalid: await page.$eval("#title", (element) => element.getAttribute("aria-invalid")),
    counter: await text(page, "#title-counter"),
  };
}

// -- scenarios -----------------------------------------------------------------------------------

async function readyAndRule(page) {
  const ready_ms = await openEditor(page, args.app + "/");
  return { ready_ms, ...await typeLongTitle(page) };
}

async function bannerFitted(page) {
  await openEditor(page, args.app + "/");
  await page.select("#demo-creator", "demo-basic");
  await page.waitForFunction(() => document.querySelector("#signed-in").textContent.includes("Basic"));
  const uploaded = page.waitForResponse(
    (response) => response.url().endsWith("/api/media") && response.request().method() === "POST");
  const started = Date.now();
  await (await page.$("#banner-file")).uploadFile(args.banner);
  const answer = await uploaded;
  await waitShown(page, "#banner-preview");
  await page.waitForFunction(() => document.querySelector("#banner-image").naturalWidth > 0);
  return {
    fitted_ms: Date.now() - started,
    upload_status: answer.status(),
    media: answer.ok() ? await answer.json() : await answer.text(),
    preview: await page.$eval("#banner-image", (image) => [image.naturalWidth, image.naturalHeight]),
    message_shown: await shown(page, "#banner-file-message"),
    message: await text(page, "#banner-file-message"),
  };
}

async function draftRestored(page) {
  const typed = "Summer haul in Firefox";
  await openEditor(page, args.app + "/");
  await page.type("#title", typed);
  await page.waitForFunction(() => document.querySelector("#draft-status").textContent.includes("Saved on this device"));
  const reload_ms = await reloadEditor(page);
  return { typed, reload_ms, title: await page.$eval("#title", (element) => element.value) };
}

async function offlineReload(page) {
  const door = frontDoor(args.app);
  try {
    await openEditor(page, `http://127.0.0.1:${await listen(door.server)}/`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, { timeout: WORKER_MS });
    const worker = await page.evaluate(() => navigator.serviceWorker.controller.scriptURL);
    // The network goes away twice over: the server's door shuts, so the service worker's own fetches
    // fail too (the page's offline mode does not reach them), and the page is told it is offline.
    await door.shut();
    await page.setOfflineMode(true);
    const reload_ms = await reloadEditor(page);
    const after = await page.evaluate(async () => ({
      controlled: navigator.serviceWorker.controller !== null,
      server_reachable: await fetch("/healthz", { cache: "no-store" }).then(() => true, () => false),
    }));
    return { worker, reload_ms, ...after, network_status_shown: await shown(page, "#network-status"),
             ...await typeLongTitle(page) };
  } finally {
    await door.shut();
  }
}

const SCENARIOS = { ready_and_rule: readyAndRule, banner_fitted: bannerFitted, draft_restored: draftRestored,
                    offline_reload: offlineReload };

// -- run -----------------------------------------------------------------------------------------

const proxy = refusingProxy();
const proxyPort = await listen(proxy);
const launched = Date.now();
const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath: args.firefox,
  userDataDir: args.profile,
  headless: true,
  extraPrefsFirefox: firefoxPrefs(proxyPort),
  env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: "1" },
  protocolTimeout: READY_MS,
});
report.firefox = { version: await browser.version(), launch_ms: Date.now() - launched };
try {
  // At the same time: one scenario's waits (network, typing, saves, reloads) overlap another's
  // Python start. Measured on the shared 2-core machine: 43 s against 51-60 s one after another
  // while it was half idle, about the same when other engineers' browsers saturated it.
  await Promise.all(Object.entries(SCENARIOS).map(async ([name, scenario]) => {
    const started = Date.now();
    try {
      report.scenarios[name] = await inFreshContext(browser, scenario);
    } catch (error) {
      report.scenarios[name] = { error: String(error?.stack ?? error) };
    }
    report.scenarios[name].ms = Date.now() - started;
  }));
} finally {
  await browser.close();
  proxy.closeAllConnections();
  proxy.close();
}
process.stdout.write(JSON.stringify(report) + "\n");
