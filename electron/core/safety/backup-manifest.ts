import { z } from 'zod';

/** What identifies a Quartiersatlas backup file ("Sicherung"), and which layout this app writes. */
export const BACKUP_FORMAT = 'quartiersatlas-sicherung';
export const BACKUP_VERSION = 1;
export const BACKUP_MANIFEST_ENTRY = 'sicherung.json';
export const BACKUP_DATABASE_ENTRY = 'datenbank.sqlite';
export const BACKUP_ATTACHMENT_PREFIX = 'anhaenge/';
/** Node reads a file of at most 2 GiB in one piece; writer and reader agree on it. */
export const MAX_BACKUP_BYTES = 2 ** 31 - 1;
export const SHA256_NAME = /^[0-9a-f]{64}$/;

/** Read first, so an unknown format or a newer version is named as such. */
export const backupHeaderSchema = z.object({ format: z.string(), version: z.number(), schemaVersion: z.number() });

export const backupManifestSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  schemaVersion: z.number().int().positive(),
  createdAt: z.iso.datetime(),
  replica: z.strictObject({ id: z.string().max(64), displayName: z.string().max(200) }),
  entries: z.record(z.string().min(1).max(200), z.strictObject({ sha256: z.string().regex(SHA256_NAME), size: z.number().int().nonnegative() })),
});

export type BackupManifest = z.infer<typeof backupManifestSchema>;
