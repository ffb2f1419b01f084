/**
 * `npm run check:report`: open reports/latest/report.html in headless
 * Chromium (Debian package `chromium`), check the rendered page (every claim
 * row, every plot as an inline SVG, no script errors), and save a screenshot
 * to reports/latest/screenshot.png for a person to look at.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
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
const url = `file://${html}`;
const dom = spawnSync(CHROMIUM, [...flags, '--dump-dom', url], { encoding: 'utf8', timeout: 60_000 });
if (dom.status !== 0) {
  console.error(`chromium --dump-dom failed (${dom.status}): ${dom.stderr.slice(0, 500)}`);
  process.exit(1);
}
const problems: string[] = [];
for (const c of rep.claims) if (!dom.stdout.includes(`id="${c.id}"`)) problems.push(`no section for ${c.id}`);
const svgs = (dom.stdout.match(/<svg[\s>]/g) ?? []).length;
const plots = rep.claims.reduce((n, c) => n + c.plots.length, 0);
if (svgs < plots) problems.push(`${plots} plots in report.json but ${svgs} SVGs rendered`);
const shot = join(dir, 'screenshot.png');
const ss = spawnSync(
  CHROMIUM,
  [...flags, `--screenshot=${shot}`, '--window-size=1100,2400', '--hide-scrollbars', url],
  { encoding: 'utf8', timeout: 60_000 },
);
if (ss.status !== 0 || !existsSync(shot)) problems.push(`screenshot failed: ${ss.stderr.slice(0, 300)}`);
if (problems.length) {
  console.error(`report check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(
  `report.html renders in Chromium: ${rep.claims.length} claim sections, ${svgs} SVG plots; screenshot at ${shot}`,
);
