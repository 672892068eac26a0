import fs from 'node:fs';
import path from 'node:path';
import type { OpenedDatabase } from '../core/db/open-database.ts';
import { UserFacingError } from '../core/errors.ts';
import type { ImportSummary as ExchangeImportSummary } from '../core/exchange/apply-exchange.ts';
import { exportExchange, type ExportSummary } from '../core/exchange/export-exchange.ts';
import { importExchange } from '../core/exchange/import-exchange.ts';
import { restoreBackup, writeBackup } from '../core/safety/backup.ts';
import { createSnapshot, pruneSnapshots } from '../core/safety/snapshots.ts';
import { blobDirectoryFor } from '../core/sync/blob-store.ts';

/** What a command prints: `value` with --json, else `text`. */
export interface CommandOutput {
  value: unknown;
  text: string;
}

/** `sync export`: an exchange file with everything (or only what `forReplica` lacks). */
export function syncExportCommand(db: OpenedDatabase, out: string, forReplica: string | undefined): CommandOutput {
  const summary = exportExchange(db.sqlite, { out, blobDirectory: blobDirectoryFor(db.path), forReplica: forReplica ?? null });
  return { value: summary, text: exportText(summary, forReplica) };
}

/** `sync import`: a snapshot first (the way back), then the checked merge in one transaction. */
export function syncImportCommand(db: OpenedDatabase, file: string): CommandOutput {
  if (!fs.existsSync(file)) throw new UserFacingError('file-missing', `Die Datei ${file} gibt es nicht.`);
  const snapshot = createSnapshot(db.sqlite, db.path, `Vor dem Einlesen von ${path.basename(file)}`);
  pruneSnapshots(db.path);
  const summary = importExchange(db.sqlite, file, { blobDirectory: blobDirectoryFor(db.path) });
  return { value: { ...summary, snapshot: snapshot.id }, text: importText(file, summary, snapshot.id) };
}

export function backupCommand(db: OpenedDatabase, out: string): CommandOutput {
  const result = writeBackup(db.sqlite, db.path, out);
  const lines = [`Sicherung nach ${result.file} geschrieben (${size(result.bytes)}, ${result.attachments} Anhänge).`];
  if (result.damagedAttachments.length > 0) {
    lines.push(`  Hinweis – ${result.damagedAttachments.length} beschädigte Anhänge wurden nicht gesichert: ${result.damagedAttachments.map((id) => id.slice(0, 12)).join(', ')}.`);
  }
  return { value: result, text: lines.join('\n') };
}

export function restoreCommand(file: string, dbPath: string): CommandOutput {
  const result = restoreBackup(file, dbPath);
  return {
    value: result,
    text: `Sicherung wiederhergestellt nach ${result.dbPath} (Schema ${result.schemaVersion}, ${result.attachments} Anhänge, neue Replika-ID ${result.replicaId}).`,
  };
}

function exportText(summary: ExportSummary, forReplica: string | undefined): string {
  const lines = [`${summary.ops} Änderungen und ${summary.blobs} Anhänge nach ${summary.file} geschrieben (${size(summary.bytes)}).`];
  for (const [table, count] of Object.entries(summary.perTable)) lines.push(`  ${table}: ${count}`);
  if (summary.everythingBecauseUnknown) lines.push(`  Hinweis – von ${forReplica} kam noch keine Datei, deshalb enthält diese Datei alles.`);
  if (summary.missingAttachments.length > 0) {
    lines.push(`  Hinweis – ${summary.missingAttachments.length} Fotos liegen nicht auf diesem Laptop; nur ihre Angaben sind in der Datei.`);
  }
  return lines.join('\n');
}

function importText(file: string, summary: ExchangeImportSummary, snapshot: string): string {
  const name = path.basename(file);
  if (summary.nothingNew) return `${name}: nichts Neues (alle ${summary.duplicateOps} Änderungen waren schon bekannt).`;
  const lines = [`${name} von ${summary.sender.displayName}: ${summary.newOps} neue Änderungen übernommen (Zwischenstand vorher: ${snapshot}).`];
  for (const [table, c] of Object.entries(summary.tables)) {
    lines.push(`  ${table}: ${c.created} neu, ${c.changed} geändert, ${c.deleted} gelöscht, ${c.restored} wiederhergestellt`);
  }
  if (summary.conflictsOpened.length > 0 || summary.conflictsClosed > 0) {
    lines.push(`  Konflikte: ${summary.conflictsOpened.length} neu, ${summary.conflictsClosed} erledigt`);
  }
  if (summary.newPhotos > 0) lines.push(`  ${summary.newPhotos} neue Fotos`);
  if (summary.waiting > 0) lines.push(`  ${summary.waiting} Änderungen warten auf Datensätze aus einer Datei, die noch nicht eingelesen wurde`);
  for (const warning of summary.warnings) lines.push(`  Hinweis – ${warning}`);
  return lines.join('\n');
}

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}
