import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { SourceFile } from '../geo/types.ts';
import { restoreBackup, writeBackup } from './backup.ts';

/** "Sicherung erstellen" for the view: the backup's bytes to download (run in a worker: a big database takes seconds). */
export function backupForDownload(db: Database, dbPath: string, now = new Date()): { fileName: string; data: Uint8Array; attachments: number } {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-backup-'));
  try {
    const fileName = `Quartiersatlas-Sicherung-${now.toISOString().slice(0, 10)}.qsicherung`;
    const result = writeBackup(db, dbPath, path.join(directory, fileName));
    return { fileName, data: new Uint8Array(fs.readFileSync(result.file)), attachments: result.attachments };
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

/** "Sicherung wiederherstellen", step 1 (in a worker): a chosen backup becomes a checked database file at `target`. */
export function restoreUploadedBackup(file: SourceFile, target: string, blobDirectory: string): { attachments: number } {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-restore-'));
  try {
    const source = path.join(directory, 'sicherung');
    fs.writeFileSync(source, file.data);
    return { attachments: restoreBackup(source, target, { blobDirectory }).attachments };
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}
