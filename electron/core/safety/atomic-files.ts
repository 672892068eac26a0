import fs from 'node:fs';

/**
 * Moves a finished temporary file to `target` without ever replacing an existing file: a hard
 * link fails atomically when the target exists. File systems without hard links (FAT on a USB
 * stick) fall back to a checked rename. Returns false when the target already exists.
 */
export function placeWithoutReplacing(temporary: string, target: string): boolean {
  try {
    fs.linkSync(temporary, target);
    fs.rmSync(temporary, { force: true });
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (fs.existsSync(target)) return false;
    fs.renameSync(temporary, target);
    return true;
  }
}

/** Flushes a file's bytes to the disk (before a rename makes them visible). */
export function fsyncFile(file: string): void {
  const handle = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(handle);
  } finally {
    fs.closeSync(handle);
  }
}
