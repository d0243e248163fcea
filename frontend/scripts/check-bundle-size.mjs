// Fails when the JavaScript a first visit downloads grows past the budget.
// "Initial" = the entry <script type="module"> in dist/index.html, the chunks it names in
// <link rel="modulepreload">, and, to be sure, every chunk those reach through static
// imports. Lazily loaded route chunks are not counted: that is what code splitting buys.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

// kB = 1000 bytes, the unit `vite build` prints, so the two figures can be compared.
const BUDGET_BYTES = 300 * 1000;
const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "dist");
const indexHtml = path.join(dist, "index.html");

if (!existsSync(indexHtml)) {
  console.error(`check-bundle-size: ${indexHtml} not found; run \`npm run build\` first.`);
  process.exit(1);
}

const html = readFileSync(indexHtml, "utf8");
const tagUrls = (tagPattern) =>
  [...html.matchAll(tagPattern)].map((match) => match[0].match(/(?:src|href)="([^"]+)"/)?.[1]).filter(Boolean);
const entryUrls = [
  ...tagUrls(/<script\b[^>]*type="module"[^>]*>/g),
  ...tagUrls(/<link\b[^>]*rel="modulepreload"[^>]*>/g),
];

// Only `import ... from "./x.js"` / `import "./x.js"` / `export ... from`: not `import("./x.js")`.
const staticImport = /(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]+from\s*)?["']([^"']+\.js)["']/g;

const seen = new Set();
const queue = entryUrls.map((url) => path.join(dist, url.replace(/^\//, "")));
while (queue.length > 0) {
  const file = queue.shift();
  if (seen.has(file)) continue;
  seen.add(file);
  for (const [, specifier] of readFileSync(file, "utf8").matchAll(staticImport)) {
    if (specifier.startsWith(".")) queue.push(path.resolve(path.dirname(file), specifier));
  }
}

if (seen.size === 0) {
  console.error("check-bundle-size: dist/index.html loads no module script; is this a Vite build?");
  process.exit(1);
}

let total = 0;
for (const file of [...seen].sort()) {
  const gzipped = gzipSync(readFileSync(file)).length;
  total += gzipped;
  console.log(`  ${path.relative(dist, file).padEnd(48)} ${kb(gzipped)}`);
}
console.log(`Initial JS: ${kb(total)} gzipped (budget ${kb(BUDGET_BYTES)}).`);

if (total > BUDGET_BYTES) {
  console.error(`check-bundle-size: over budget by ${kb(total - BUDGET_BYTES)}.`);
  process.exit(1);
}

function kb(bytes) {
  return `${(bytes / 1000).toFixed(1)} kB`;
}
