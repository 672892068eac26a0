import { DELETED_FIELD } from '../../../shared/sync/tables.ts';
import { splitOpId } from '../sync/change-writer.ts';

/** A write that may decide a field's value: a field op, or a creation (creator = true). */
export interface Candidate {
  id: string;
  replica: string;
  hlc: string;
  value: unknown;
  pred: string[];
  seen: string[] | null;
  creator: boolean;
}

export interface ConflictHead {
  op: string;
  replica: string;
  hlc: string;
  field: string;
  value: unknown;
}

/**
 * kind 'field': two people changed one field concurrently to different values; `ancestor` is the
 * latest value both changes started from ({value}), null when they share none (two creations).
 * kind 'delete' (field '*'): a delete that did not see an edit of the same row; restore or confirm.
 */
export interface ConflictRecord {
  table: string;
  row: string;
  field: string;
  kind: 'field' | 'delete';
  heads: ConflictHead[];
  ancestor: { value: unknown } | null;
}

export const ROW_CONFLICT_FIELD = '*';

/** The open conflicts of one row, from its heads per field. Equal concurrent values are no conflict. */
export function rowConflicts(
  table: string,
  row: string,
  fields: string[],
  heads: Map<string, Candidate[]>,
  candidates: Map<string, Candidate[]>,
): ConflictRecord[] {
  const conflicts: ConflictRecord[] = [];
  for (const field of [...fields, DELETED_FIELD]) {
    const fieldHeads = heads.get(field)!;
    if (new Set(fieldHeads.map((h) => JSON.stringify(h.value))).size < 2) continue;
    conflicts.push({
      table,
      row,
      field,
      kind: 'field',
      heads: fieldHeads.map((h) => head(h, field)),
      ancestor: commonAncestor(fieldHeads, candidates.get(field)!),
    });
  }
  const deletes = heads.get(DELETED_FIELD)!.filter((h) => h.value === true);
  if (deletes.length > 0) {
    const unseen = fields.flatMap((field) =>
      heads
        .get(field)!
        .filter((h) => !h.creator && deletes.some((d) => !(d.seen ?? []).includes(h.id) && !laterOnSameLaptop(h, d)))
        .map((h) => head(h, field)),
    );
    if (unseen.length > 0) {
      conflicts.push({ table, row, field: ROW_CONFLICT_FIELD, kind: 'delete', heads: [...deletes.map((d) => head(d, DELETED_FIELD)), ...unseen], ancestor: null });
    }
  }
  return conflicts;
}

/** Ops of one replica are causally ordered by seq: an edit written after the delete there saw it. */
function laterOnSameLaptop(edit: Candidate, deletion: Candidate): boolean {
  return edit.replica === deletion.replica && splitOpId(edit.id)[1] > splitOpId(deletion.id)[1];
}

function head(candidate: Candidate, field: string): ConflictHead {
  return { op: candidate.id, replica: candidate.replica, hlc: candidate.hlc, field, value: candidate.value };
}

/** The newest op every head descends from (through predecessors), if any. */
function commonAncestor(fieldHeads: Candidate[], candidates: Candidate[]): { value: unknown } | null {
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const ancestorsOf = (start: Candidate): Set<string> => {
    const seen = new Set<string>();
    const stack = [...start.pred];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(byId.get(id)?.pred ?? []), ...equalCreations(candidates, id));
    }
    return seen;
  };
  const [first, ...rest] = fieldHeads.map(ancestorsOf);
  const common = [...first!].filter((id) => byId.has(id) && rest.every((set) => set.has(id))).map((id) => byId.get(id)!);
  if (common.length === 0) return null;
  common.sort((a, b) => (a.hlc < b.hlc ? 1 : a.hlc > b.hlc ? -1 : 0));
  return { value: common[0]!.value };
}

/** The creation `id` and every other creation of the row with the same value of the field. */
export function equalCreations(candidates: readonly Candidate[], id: string): string[] {
  const creation = candidates.find((c) => c.id === id && c.creator);
  if (!creation) return [id];
  const value = JSON.stringify(creation.value);
  return candidates.filter((c) => c.creator && (c.id === id || JSON.stringify(c.value) === value)).map((c) => c.id);
}
