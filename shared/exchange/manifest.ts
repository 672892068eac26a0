import { z } from 'zod';

/** What identifies a Quartiersatlas exchange file, and which layout version this app writes. */
export const EXCHANGE_FORMAT = 'quartiersatlas-austausch';
export const EXCHANGE_FORMAT_VERSION = 1;
export const EXCHANGE_EXTENSION = '.qatlas';

export const MANIFEST_ENTRY = 'manifest.json';
export const OPS_ENTRY = 'ops.jsonl';
export const BLOB_PREFIX = 'blobs/';

export const REPLICA_PATTERN = /^[0-9a-z]{1,64}$/;
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
const HLC_TEXT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z-[0-9a-z]{4}-[0-9a-z]{1,64}$/;

const replicaId = z.string().regex(REPLICA_PATTERN);
const entryName = z.string().min(1).max(200);

/** Highest seq per replica up to which every op is present (gaps end it). */
export const knowledgeSchema = z.record(replicaId, z.number().int().nonnegative()).refine((k) => Object.keys(k).length <= 10_000);
export type Knowledge = z.infer<typeof knowledgeSchema>;

/** The header only: read first, so an unknown format or a newer schema is named as such. */
export const manifestHeaderSchema = z.object({
  format: z.string(),
  formatVersion: z.number(),
  schemaVersion: z.number(),
});

export const manifestSchema = z.strictObject({
  format: z.literal(EXCHANGE_FORMAT),
  formatVersion: z.literal(EXCHANGE_FORMAT_VERSION),
  schemaVersion: z.number().int().positive(),
  bundleId: z.uuid(),
  sender: z.strictObject({ replica: replicaId, displayName: z.string().max(200) }),
  /** Display names of every replica whose ops the file carries (who made a change). */
  replicas: z.record(replicaId, z.string().max(200)),
  createdHlc: z.string().regex(HLC_TEXT),
  /** The sender's wall clock when writing, to notice a clock that is far off. */
  createdAt: z.iso.datetime(),
  knowledge: knowledgeSchema,
  /** The replica the file was made for (only what it lacked), or null for everything. */
  forReplica: replicaId.nullable(),
  counts: z.strictObject({ ops: z.number().int().nonnegative(), blobs: z.number().int().nonnegative() }),
  /** Every other entry of the zip with its SHA-256 and size; nothing more, nothing less. */
  entries: z.record(entryName, z.strictObject({ sha256: z.string().regex(SHA256_PATTERN), size: z.number().int().nonnegative() })),
});
export type ExchangeManifest = z.infer<typeof manifestSchema>;
