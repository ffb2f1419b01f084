/**
 * Running the `spurious` command in tests: in this process (the CLI's `main`,
 * fast: the registry is loaded once) or as users do (bin/spurious.js in a
 * child process), in a project folder of its own.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { repoRoot } from '../../src/store/counterexamples.js';

export const root = repoRoot();
export const bin = join(root, 'bin/spurious.js');
/** The package's public API, for claims modules written in tests. */
export const api = join(root, 'src/index.ts');

/** A fresh project folder (a package.json, as npm init makes) holding the given files. */
export function project(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'spurious-project-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'my-research', type: 'module', private: true }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The command in this process, in folder `cwd`, with `env` added: its exit code and what it printed. */
export async function inProcess(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const saved = { out: process.stdout.write, err: process.stderr.write, env: { ...process.env }, cwd: process.cwd() };
  // one worker unless a test asks for more (--workers): a pool of threads per in-process run would cost seconds
  Object.assign(
    process.env,
    { SPURIOUS_PROFILE: 'quick', SPURIOUS_COUNTEREXAMPLES: '', SPURIOUS_WORKERS: '1' },
    opts.env ?? {},
  );
  if (opts.cwd) process.chdir(opts.cwd);
  process.stdout.write = ((c: string | Uint8Array) => (out.push(String(c)), true)) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => (err.push(String(c)), true)) as typeof process.stderr.write;
  try {
    const code = await main(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    process.env = saved.env;
    process.chdir(saved.cwd);
  }
}

/** The command as users run it: `node bin/spurious.js …` in a child process. */
export function asUser(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliRun {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    cwd: opts.cwd ?? root,
    env: { ...process.env, SPURIOUS_PROFILE: 'quick', SPURIOUS_COUNTEREXAMPLES: '', ...opts.env },
    timeout: 240_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A project's reports/latest/report.json without what differs between identical runs: when it was written, how long things took. */
export function reportWithoutTimes(dir: string): string {
  const text = readFileSync(join(dir, 'reports', 'latest', 'report.json'), 'utf8');
  return JSON.stringify(JSON.parse(text), (key, value) => (key === 'generated' || key === 'ms' ? undefined : value), 2);
}

/** The .json files under `root` (relative paths; none when it does not exist). */
export function jsonFilesUnder(root: string): string[] {
  return existsSync(root)
    ? (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.json')).sort()
    : [];
}
