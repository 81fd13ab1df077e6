import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Prints the size of every built web chunk and fails when the JavaScript a first visit must load
 * (the entry script and the chunks index.html preloads) is above the budget, gzipped.
 * Usage: node dist/tools/web/check-bundle.js [dist/apps/web] [--budget-kb 250]
 */
const args = process.argv.slice(2);
const budgetFlag = args.indexOf('--budget-kb');
const budgetKb = budgetFlag >= 0 ? Number(args[budgetFlag + 1]) : 250;
const dir = resolve(
  args.find((arg, index) => !arg.startsWith('--') && index !== budgetFlag + 1) ?? 'dist/apps/web',
);

const html = readFileSync(join(dir, 'index.html'), 'utf8');
const initial = new Set(
  [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/?([^"]+\.js)"/g)].map(
    (match) => match[1],
  ),
);
const kb = (bytes: number) => (bytes / 1024).toFixed(1).padStart(8);
const files = readdirSync(join(dir, 'assets'))
  .filter((name) => name.endsWith('.js') || name.endsWith('.css'))
  .map((name) => {
    const content = readFileSync(join(dir, 'assets', name));
    return {
      name: `assets/${name}`,
      raw: statSync(join(dir, 'assets', name)).size,
      gzip: gzipSync(content, { level: 9 }).length,
    };
  })
  .sort((a, b) => b.gzip - a.gzip);

console.log(`${'file'.padEnd(52)} ${'raw KB'.padStart(8)} ${'gzip KB'.padStart(8)}  initial`);
for (const file of files) {
  console.log(
    `${file.name.padEnd(52)} ${kb(file.raw)} ${kb(file.gzip)}  ${initial.has(file.name) ? 'yes' : ''}`,
  );
}
const initialJs = files.filter((file) => initial.has(file.name)).reduce((sum, file) => sum + file.gzip, 0);
const lazyJs = files
  .filter((file) => !initial.has(file.name) && file.name.endsWith('.js'))
  .reduce((sum, file) => sum + file.gzip, 0);
console.log(`initial JavaScript: ${kb(initialJs).trim()} KB gzipped (budget ${budgetKb} KB)`);
console.log(`loaded on demand:   ${kb(lazyJs).trim()} KB gzipped over ${files.length - initial.size} files`);
if (initial.size === 0) {
  console.error('No entry script found in index.html; is this a Vite build?');
  process.exit(1);
}
if (initialJs > budgetKb * 1024) {
  console.error(`Initial JavaScript is over the budget of ${budgetKb} KB gzipped.`);
  process.exit(1);
}
