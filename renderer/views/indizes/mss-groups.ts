// Berlin MSS: a status index (4 classes) crossed with a dynamic index (3 classes) gives 12 groups
// per unit (methods.md). Pure: the panel feeds it two indices.preview answers.
import {
  crossStatusDynamic,
  MSS_DYNAMIC_CLASSES,
  MSS_STATUS_CLASSES,
  type MssDynamicClass,
  type MssGroup,
  type MssStatusClass,
} from '../../../shared/stats/composite-presets.ts';
import type { StoredIndex } from './draft.ts';
import type { IndexPreview } from './preview-model.ts';

export interface MssGroupRow {
  unitId: string;
  name: string;
  status: MssStatusClass | null;
  dynamic: MssDynamicClass | null;
  /** Null when the unit is not in both indices. */
  group: MssGroup | null;
  /** Why there is no group (from main's message, e.g. "nicht im Index: weniger als 300 Einwohner"). */
  note: string | null;
}

const isStatus = (label: string | null): label is MssStatusClass => label !== null && (MSS_STATUS_CLASSES as readonly string[]).includes(label);
const isDynamic = (label: string | null): label is MssDynamicClass => label !== null && (MSS_DYNAMIC_CLASSES as readonly string[]).includes(label);

/** A stored index whose classes are the MSS status classes (in this order). */
export function isStatusIndex(stored: StoredIndex): boolean {
  return sameLabels(stored.recipe.classes.labels, MSS_STATUS_CLASSES);
}

/** A stored index whose classes are the MSS dynamic classes (in this order). */
export function isDynamicIndex(stored: StoredIndex): boolean {
  return sameLabels(stored.recipe.classes.labels, MSS_DYNAMIC_CLASSES);
}

function sameLabels(labels: readonly string[], expected: readonly string[]): boolean {
  return labels.length === expected.length && labels.every((l, i) => l.trim() === expected[i]);
}

/**
 * One row per unit of the level: its status and dynamic class and the crossed group; sorted by
 * group (1 = Status hoch, Dynamik positiv … 12), units without a group last, then by name.
 */
export function crossPreviews(status: IndexPreview, dynamic: IndexPreview, units: ReadonlyArray<{ id: string; name: string }>): MssGroupRow[] {
  const s = new Map(status.units.map((u) => [u.unitId, u]));
  const d = new Map(dynamic.units.map((u) => [u.unitId, u]));
  const rows = units.map((unit): MssGroupRow => {
    const su = s.get(unit.id);
    const du = d.get(unit.id);
    const statusClass = isStatus(su?.classLabel ?? null) ? (su!.classLabel as MssStatusClass) : null;
    const dynamicClass = isDynamic(du?.classLabel ?? null) ? (du!.classLabel as MssDynamicClass) : null;
    const group = statusClass && dynamicClass ? crossStatusDynamic(statusClass, dynamicClass) : null;
    const note = group ? null : (su?.message ?? du?.message ?? null);
    return { unitId: unit.id, name: unit.name, status: statusClass, dynamic: dynamicClass, group, note };
  });
  return rows.sort((a, b) => (a.group?.group ?? 99) - (b.group?.group ?? 99) || a.name.localeCompare(b.name, 'de'));
}

/** Units per group: counts[status][dynamic], in class order (for the 4 × 3 overview). */
export function groupCounts(rows: readonly MssGroupRow[]): number[][] {
  const counts = MSS_STATUS_CLASSES.map(() => MSS_DYNAMIC_CLASSES.map(() => 0));
  for (const row of rows) {
    if (!row.group) continue;
    counts[MSS_STATUS_CLASSES.indexOf(row.group.status)]![MSS_DYNAMIC_CLASSES.indexOf(row.group.dynamic)]! += 1;
  }
  return counts;
}
