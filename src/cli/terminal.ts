/**
 * Text for the terminal: lines cut to its width, and how to spell the
 * command in a hint.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** `line` cut to `columns` characters (code points) with "…" at the end; unchanged when columns is undefined (not a terminal). */
export function fitLine(line: string, columns: number | undefined): string {
  if (!columns || columns < 2) return line;
  const chars = [...line];
  return chars.length <= columns ? line : chars.slice(0, columns - 1).join('') + '…';
}

/** Is there an executable `name` on the PATH? */
export function onPath(name: string, path = process.env.PATH ?? ''): boolean {
  const names = process.platform === 'win32' ? [`${name}.cmd`, `${name}.exe`, name] : [name];
  for (const dir of path.split(delimiter).filter(Boolean))
    for (const n of names)
      try {
        accessSync(join(dir, n), constants.X_OK);
        return true;
      } catch {
        // not here
      }
  return false;
}

/** How to start the command in a hint: `spurious` when it is on the PATH, else `npx spurious`. */
export function commandName(): string {
  return onPath('spurious') ? 'spurious' : 'npx spurious';
}
