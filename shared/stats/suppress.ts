// Small-number suppression for everything that leaves the app (exports, reports, table images).
// Inside the app the exact numbers stay; this runs on the way out.
//
// Protection level: primary suppression of small counts and secondary suppression so that no
// suppressed count can be recovered *exactly* by subtraction (a total with all but one part).
// It does not guarantee that the hidden cells' sum is itself large (interval disclosure); a
// statistics office's tool (τ-ARGUS) does more. Good enough for small-area planning reports.

export type SuppressionReason =
  /** The count is below the threshold (primary suppression). */
  | 'below-threshold'
  /** Hidden so that a primary-suppressed count cannot be recovered from a total (secondary). */
  | 'secondary'
  /** A share whose numerator count is suppressed: share × denominator would reveal it. */
  | 'numerator-suppressed'
  /** A share whose denominator is so small that it swings wildly; shown, but marked. */
  | 'small-denominator';

export interface SuppressionOptions {
  /** Counts below this are suppressed (e.g. 3 → 1 and 2 suppressed; 5 → 1 to 4). */
  threshold: number;
  /**
   * Also suppress 0. Default false: official statistics show a zero as "–" because "nobody" is
   * rarely disclosive; switch on when "nobody in this group" would itself reveal something.
   */
  suppressZero?: boolean;
  /** How primary suppression is shown: '.' (default) or 'below' → "<5". Secondary is always '.'. */
  symbol?: '.' | 'below';
}

export interface CountCell {
  key: string;
  value: number | null;
}

export interface SuppressedCount {
  key: string;
  /** Null when suppressed or missing: the number must not leave the app. */
  value: number | null;
  /** 'missing': there was no value to begin with (not a privacy matter). */
  status: 'shown' | 'suppressed' | 'missing';
  reason: 'below-threshold' | 'secondary' | null;
  /** Text to print instead of the number when suppressed; null otherwise. */
  display: string | null;
}

/** total = Σ parts, e.g. a district's inhabitants and its age groups. */
export interface TotalRelation {
  total: string;
  parts: readonly string[];
}

function isSmall(value: number, options: SuppressionOptions): boolean {
  return value < options.threshold && (value !== 0 || (options.suppressZero ?? false));
}

function primary(cell: CountCell, options: SuppressionOptions): SuppressedCount {
  const { key, value } = cell;
  if (value === null || !Number.isFinite(value)) return { key, value: null, status: 'missing', reason: null, display: null };
  if (!isSmall(value, options)) return { key, value, status: 'shown', reason: null, display: null };
  const display = options.symbol === 'below' ? `<${options.threshold}` : '.';
  return { key, value: null, status: 'suppressed', reason: 'below-threshold', display };
}

/** Primary suppression only: for counts that take part in no total. */
export function suppressCounts(cells: readonly CountCell[], options: SuppressionOptions): SuppressedCount[] {
  return cells.map((cell) => primary(cell, options));
}

/**
 * Primary and secondary suppression. Whenever a relation (total and its parts) has exactly one
 * hidden cell, the smallest still-visible part is suppressed too (ties: by key), or the total if
 * no part is left. Repeats until stable, so cells shared by several relations (rows and columns of
 * a cross table) are handled. Missing cells count as hidden: they cannot be subtracted either.
 */
export function suppressTable(cells: readonly CountCell[], relations: readonly TotalRelation[], options: SuppressionOptions): SuppressedCount[] {
  const out = new Map(cells.map((cell) => [cell.key, primary(cell, options)]));
  const original = new Map(cells.map((cell) => [cell.key, cell.value ?? 0]));
  const get = (key: string): SuppressedCount => {
    const cell = out.get(key);
    if (!cell) throw new Error(`suppressTable: relation names unknown cell "${key}"`);
    return cell;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const relation of relations) {
      const members = [relation.total, ...relation.parts].map(get);
      if (members.filter((c) => c.status !== 'shown').length !== 1) continue;
      const visibleParts = relation.parts
        .map(get)
        .filter((c) => c.status === 'shown')
        .sort((a, b) => (original.get(a.key) as number) - (original.get(b.key) as number) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const pick = visibleParts[0] ?? get(relation.total);
      if (pick.status !== 'shown') continue; // a relation without parts: nothing to hide
      out.set(pick.key, { key: pick.key, value: null, status: 'suppressed', reason: 'secondary', display: '.' });
      changed = true;
    }
  }
  return cells.map((cell) => get(cell.key));
}

export interface ShareCell {
  key: string;
  numerator: number | null;
  denominator: number | null;
  /** Set when the numerator count was suppressed elsewhere, e.g. by secondary suppression. */
  numeratorSuppressed?: boolean;
}

export interface ShareSuppressionOptions extends SuppressionOptions {
  /** Denominators below this make the share unreliable (shown, but marked). */
  minDenominator: number;
  /** 100 for percent (default), 1000 for per mille. */
  scale?: number;
}

export interface SuppressedShare {
  key: string;
  value: number | null;
  status: 'shown' | 'unreliable' | 'suppressed' | 'missing';
  reason: 'numerator-suppressed' | 'small-denominator' | null;
  display: string | null;
}

/**
 * Shares for export: suppressed when their numerator is a suppressed count (otherwise share ×
 * denominator gives it back), flagged unreliable when the denominator is below minDenominator.
 */
export function suppressShares(cells: readonly ShareCell[], options: ShareSuppressionOptions): SuppressedShare[] {
  const scale = options.scale ?? 100;
  return cells.map(({ key, numerator, denominator, numeratorSuppressed }) => {
    if (numeratorSuppressed || (numerator !== null && Number.isFinite(numerator) && isSmall(numerator, options))) {
      return { key, value: null, status: 'suppressed', reason: 'numerator-suppressed', display: '.' };
    }
    if (numerator === null || denominator === null || !Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator === 0) {
      return { key, value: null, status: 'missing', reason: null, display: null };
    }
    const value = (numerator / denominator) * scale;
    return denominator < options.minDenominator
      ? { key, value, status: 'unreliable', reason: 'small-denominator', display: null }
      : { key, value, status: 'shown', reason: null, display: null };
  });
}

/** German wording for reasons, for footnotes under exported tables. */
export const SUPPRESSION_REASON_LABELS: Readonly<Record<SuppressionReason, string>> = {
  'below-threshold': 'Fallzahl unter der Geheimhaltungsgrenze',
  secondary: 'geheim gehalten, weil sonst eine kleine Fallzahl errechnet werden könnte',
  'numerator-suppressed': 'Anteil geheim gehalten, weil die Fallzahl geheim ist',
  'small-denominator': 'Aussagekraft eingeschränkt: sehr kleine Bezugsgröße',
};
