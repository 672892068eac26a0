import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { applyExchange, type ImportSummary } from './apply-exchange.ts';
import { readExchangeFile } from './read-exchange-file.ts';
import type { ZipLimits } from './zip-reader.ts';

export interface ImportOptions {
  blobDirectory: string | null;
  limits?: ZipLimits;
  now?: () => number;
}

/** "Datei einlesen", step 1: check the file and say what it would change, writing nothing. */
export function previewExchange(db: Database, file: string, options: ImportOptions): ImportSummary {
  const bundle = readExchangeFile(file, options.limits);
  return applyExchange(db, bundle, { blobDirectory: options.blobDirectory, dryRun: true, fileName: path.basename(file), now: options.now });
}

/** "Datei einlesen", step 2: check the file again (it may have changed since) and apply it in one transaction. */
export function importExchange(db: Database, file: string, options: ImportOptions): ImportSummary {
  const bundle = readExchangeFile(file, options.limits);
  return applyExchange(db, bundle, { blobDirectory: options.blobDirectory, dryRun: false, fileName: path.basename(file), now: options.now });
}
