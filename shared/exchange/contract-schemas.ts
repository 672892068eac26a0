import { z } from 'zod';

/** Contract schemas of the "Austausch" view (issue 5): exchange files, conflicts, snapshots, backups. */

const bytes = z.instanceof(Uint8Array);
const tableName = z.string().min(1).max(60);
const rowId = z.string().min(1).max(200);
const fieldName = z.string().min(1).max(60);

export const tableChangesSchema = z.object({
  created: z.number().int(),
  changed: z.number().int(),
  deleted: z.number().int(),
  restored: z.number().int(),
});

/** A record named the way a planner knows it ("Kita Sonnenschein", "SGB-II-Quote · Altstadt · 2023"). */
export const recordRefSchema = z.object({ table: tableName, row: rowId, label: z.string() });

export const importSummarySchema = z.object({
  bundleId: z.string(),
  fileName: z.string(),
  sender: z.object({ replica: z.string(), displayName: z.string() }),
  createdAt: z.string(),
  nothingNew: z.boolean(),
  newOps: z.number().int(),
  duplicateOps: z.number().int(),
  tables: z.record(z.string(), tableChangesSchema),
  conflictsOpened: z.array(recordRefSchema.extend({ field: z.string(), kind: z.enum(['field', 'delete']) })),
  conflictsClosed: z.number().int(),
  newPhotos: z.number().int(),
  waiting: z.number().int(),
  warnings: z.array(z.string()),
  /** The snapshot taken before the import (absent in a preview). */
  snapshotId: z.string().nullable(),
});

export const exportResultSchema = z.object({
  fileName: z.string(),
  data: bytes,
  ops: z.number().int(),
  blobs: z.number().int(),
  bytes: z.number().int(),
  perTable: z.record(z.string(), z.number().int()),
  everythingBecauseUnknown: z.boolean(),
  missingAttachments: z.number().int(),
});

export const peerSchema = z.object({ replica: z.string(), displayName: z.string(), lastFileAt: z.string().nullable() });

export const exchangeStatusSchema = z.object({
  replica: z.object({ id: z.string(), displayName: z.string() }),
  /** Colleagues whose files arrived here (their knowledge makes "only what they lack" possible). */
  peers: z.array(peerSchema),
  /** Records with an open conflict: the map and lists mark them. */
  conflictRows: z.array(z.object({ table: z.string(), row: z.string() })),
  /** Changes made here that no file has carried away yet. */
  unsentChanges: z.number().int(),
});

export const conflictSchema = recordRefSchema.extend({
  field: z.string(),
  kind: z.enum(['field', 'delete']),
  heads: z.array(
    z.object({
      op: z.string(),
      replica: z.string(),
      displayName: z.string(),
      local: z.boolean(),
      hlc: z.string(),
      /** When the change was made (from its clock), ISO. */
      at: z.string(),
      field: z.string(),
      value: z.unknown(),
    }),
  ),
  ancestor: z.object({ value: z.unknown() }).nullable(),
  detectedAt: z.string(),
});

export const historyEntrySchema = z.object({
  direction: z.enum(['export', 'import']),
  bundleId: z.string(),
  fileName: z.string(),
  peerName: z.string(),
  at: z.string(),
  /** Import: rows created/changed/deleted/restored in total, conflicts opened; export: changes carried. */
  created: z.number().int(),
  changed: z.number().int(),
  deleted: z.number().int(),
  conflicts: z.number().int(),
  ops: z.number().int(),
  nothingNew: z.boolean(),
});

export const snapshotSchema = z.object({ id: z.string(), createdAt: z.string(), reason: z.string(), bytes: z.number().int() });

export const conflictTargetSchema = z.object({ table: tableName, row: rowId, field: fieldName });

/** Keep one head, or a merged value (present; null is "leer"). Its field schema is checked by the write path. */
export const fieldResolutionSchema = z.union([
  z.object({ keep: z.string().min(1).max(200) }),
  z.object({ value: z.unknown() }).refine((r) => 'value' in r && r.value !== undefined, 'Bitte einen Wert für die Zusammenführung angeben.'),
]);
