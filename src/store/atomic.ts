/**
 * Atomic file writes and their leftovers. Every file the suite writes goes
 * through a temporary file in the same folder, named with the writer's PID,
 * then renamed (or hard-linked) into place, so a reader sees the old file or
 * the new one, never a partial one. A run killed by a signal between the two
 * steps (the default action stops the process at once) leaves its temporary
 * file behind: `removeStaleTemps` deletes those of processes no longer alive,
 * and the next write in the folder calls it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const TEMP = /\.tmp-(\d+)-[0-9a-f]+(\.json)?$/;

/** A fresh temporary name beside `file` (dot-prefixed: listings skip it). */
export function tempBeside(file: string): string {
  const ext = file.endsWith('.json') ? '.json' : '';
  return join(dirname(file), `.${basename(file)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}${ext}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, not ours
  }
}

/** Delete the temporary files in `folder` left by writers that are no longer running; returns how many. */
export function removeStaleTemps(folder: string): number {
  if (!existsSync(folder)) return 0;
  let n = 0;
  for (const name of readdirSync(folder)) {
    const m = TEMP.exec(name);
    if (!m || !name.startsWith('.') || Number(m[1]) === process.pid || alive(Number(m[1]))) continue;
    try {
      unlinkSync(join(folder, name));
      n++;
    } catch {
      // removed by another run meanwhile
    }
  }
  return n;
}

/** Write `text` to `file` atomically (temporary file, then rename), after clearing stale temporary files. */
export function atomicWrite(file: string, text: string): void {
  removeStaleTemps(dirname(file));
  const tmp = tempBeside(file);
  writeFileSync(tmp, text, { flag: 'wx' });
  try {
    renameSync(tmp, file);
  } catch (e) {
    unlinkSync(tmp);
    throw e;
  }
}
