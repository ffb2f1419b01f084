/**
 * `npm run check:report`: open reports/latest/report.html in headless
 * Chromium (Debian package `chromium`), check the rendered page (the
 * findings first, every claim row, every plot as an inline SVG), check that
 * the report's marks render — a point plot, a region plot (shaded cells) and a
 * table mark, measured by the browser on a page of their own (marks.html) —
 * that every experiment section has its table and plot —
 * and save screenshots of both pages (screenshot.png, marks.png) for a person
 * to look at.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readReport, reportDir } from './report.js';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const dir = reportDir();
const html = join(dir, 'report.html');
const rep = readReport();
if (!rep || !existsSync(html)) {
  console.error(`no report at ${html}; run 'npm run verify' first`);
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(
    `Chromium not found at ${CHROMIUM}; install it with 'apt-get install -y chromium' (or set CHROMIUM=/path/to/chromium)`,
  );
  process.exit(1);
}
// Flags: the closed network refuses Chromium's background connections, so turn them off.
const flags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  `--user-data-dir=${mkdtempSync(join(tmpdir(), 'chromium-'))}`,
];
// maxBuffer: the report's DOM has grown past spawnSync's 1 MB default (a cut dump loses the last sections)
const dump = (url: string) =>
  spawnSync(CHROMIUM, [...flags, '--dump-dom', url], {
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
const shoot = (url: string, file: string, size: string) =>
  spawnSync(CHROMIUM, [...flags, `--screenshot=${file}`, `--window-size=${size}`, '--hide-scrollbars', url], {
    encoding: 'utf8',
    timeout: 60_000,
  });

const problems: string[] = [];
const dom = dump(`file://${html}`);
if (dom.status !== 0) {
  console.error(`chromium --dump-dom failed (${dom.status}): ${dom.stderr.slice(0, 500)}`);
  process.exit(1);
}
const page = dom.stdout;
for (const c of rep.claims) if (!page.includes(`id="${c.id}"`)) problems.push(`no section for ${c.id}`);
const findingsAt = page.indexOf('id="findings"');
if (findingsAt < 0 || findingsAt > page.indexOf('<h2>All claims</h2>'))
  problems.push('the findings do not open the report');
// each experiment section (spurious experiment): its block, its table and its plot
for (const e of rep.experiments ?? []) {
  const at = page.indexOf(`id="experiment-${e.name}"`);
  if (at < 0) problems.push(`no section for experiment ${e.name}`);
  else {
    const block = page.slice(at, page.indexOf('</div>', page.indexOf('</figure>', at)));
    if (!/<table/.test(block)) problems.push(`experiment ${e.name}: no table`);
    if (!/<svg[\s>]/.test(block)) problems.push(`experiment ${e.name}: no plot`);
  }
}
const svgs = (page.match(/<svg[\s>]/g) ?? []).length;
const plots =
  rep.claims.reduce((n, c) => n + c.plots.length, 0) + (rep.tables?.length ?? 0) + (rep.experiments?.length ?? 0);
if (svgs < plots) problems.push(`${plots} plots and tables in report.json but ${svgs} SVGs rendered`);

// The marks, each measured by the browser: one figure of each kind on a page of its own.
const figures = [...rep.claims.flatMap((c) => c.plots.map((p) => p.svg)), ...(rep.tables ?? []).map((t) => t.svg)];
const kinds = {
  point: figures.find((s) => s.includes('aria-roledescription="point"')),
  region: figures.find((s) => s.includes('fill-opacity="0.35"')),
  table: figures.find((s) => s.includes('aria-roledescription="rect mark"')),
};
for (const [k, svg] of Object.entries(kinds)) if (!svg) problems.push(`no ${k} plot in the report`);
const marksPage = join(dir, 'marks.html');
writeFileSync(
  marksPage,
  `<!doctype html><html><head><meta charset="utf-8"><title>marks</title>
<style>body{font:14px system-ui,sans-serif;margin:1em}figure{display:inline-block;vertical-align:top;margin:.5em}</style></head><body>
${Object.entries(kinds)
  .map(([k, svg]) =>
    // a figure that shows two kinds (points drawn on cells) is placed once, measured for both
    Object.entries(kinds).some(([k2, svg2]) => k2 < k && svg2 === svg && svg)
      ? ''
      : `<figure id="${k}"><figcaption>${Object.entries(kinds)
          .filter(([, svg2]) => svg2 === svg)
          .map(([k2]) => k2)
          .join(' and ')} mark</figcaption>${svg ?? ''}</figure>`,
  )
  .join('\n')}
<pre id="measured"></pre>
<script>
const area = (els) => els.filter((e) => { const b = e.getBBox(); return b.width * b.height > 0 || b.width + b.height > 0; }).length;
const q = (sel) => area([...document.querySelectorAll(sel)]); // each selector matches one kind of mark only
document.getElementById('measured').textContent = JSON.stringify({
  point: q('[aria-roledescription="point"]'),
  region: q('path[fill-opacity="0.35"]'),
  table: q('[aria-roledescription="rect mark"]'),
});
</script></body></html>
`,
);
const md = dump(`file://${marksPage}`);
const measured = /<pre id="measured">([^<]*)<\/pre>/.exec(md.stdout)?.[1];
let counts: Record<string, number> = {};
try {
  counts = JSON.parse(measured ?? '{}');
} catch {
  problems.push(`could not read the measured marks: ${measured}`);
}
for (const k of Object.keys(kinds))
  if (!(counts[k] > 0)) problems.push(`the ${k} mark did not render in Chromium (measured ${JSON.stringify(counts)})`);

const shot = join(dir, 'screenshot.png'),
  marksShot = join(dir, 'marks.png');
const ss = shoot(`file://${html}`, shot, '1100,2400');
if (ss.status !== 0 || !existsSync(shot)) problems.push(`screenshot failed: ${ss.stderr.slice(0, 300)}`);
const ms = shoot(`file://${marksPage}`, marksShot, '1900,760');
if (ms.status !== 0 || !existsSync(marksShot)) problems.push(`marks screenshot failed: ${ms.stderr.slice(0, 300)}`);
if (problems.length) {
  console.error(`report check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(
  `report.html renders in Chromium: the findings first, ${rep.claims.length} claim sections, ${svgs} SVG plots and tables; marks measured in the browser: ${counts.point} points, ${counts.region} shaded regions, ${counts.table} table cells; screenshots at ${shot} and ${marksShot}`,
);
