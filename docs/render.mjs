// Usage: node docs/render.mjs http://127.0.0.1:PORT   (Chromium from Debian: /usr/bin/chromium)
// Opens /docs and /dashboard, fails on any console error or page error, writes docs/*.png.
import { chromium } from "playwright-core";
import { fileURLToPath } from "node:url";
import path from "node:path";

const base = process.argv[2] || "http://127.0.0.1:8080";
const here = path.dirname(fileURLToPath(import.meta.url));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failures = 0;
for (const [page_, wait, file] of [["/docs", ".swagger-ui .opblock", "docs.png"],
                                   ["/dashboard", "#models .model canvas", "dashboard.png"]]) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors = [];
  const external = [];
  page.on("console", m => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", e => errors.push(e.message));
  page.on("request", r => { if (!r.url().startsWith(base) && !r.url().startsWith("data:")) external.push(r.url()); });
  await page.goto(base + page_, { waitUntil: "networkidle" });
  await page.waitForSelector(wait, { timeout: 15000 });
  await page.waitForTimeout(2500); // one more dashboard refresh
  await page.screenshot({ path: path.join(here, file), fullPage: false });
  console.log(`${page_}: ${errors.length} console errors, ${external.length} external requests -> docs/${file}`);
  errors.forEach(e => console.log("  error: " + e));
  external.forEach(u => console.log("  external: " + u));
  failures += errors.length + external.length;
  await page.close();
}
await browser.close();
process.exit(failures ? 1 : 0);
