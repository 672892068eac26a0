import { z } from 'zod';
import type { MethodOutput } from '../../../shared/contract.ts';
import {
  VALUE_MAPPING_VERSION,
  fileOptionsSchema,
  valueMappingSchema,
  type ValueMapping,
} from '../../../shared/value-mapping.ts';
import { slugKey } from '../../../shared/text-key.ts';

/**
 * What the values wizard edits: a flat, form-friendly draft of a saved value mapping
 * (shared/value-mapping.ts). `buildMapping` turns it into exactly the mapping object, and
 * `validateDraft` runs the shared zod schema over it, with every message placed at the field
 * it belongs to. Pure: no React, no API.
 */

export type TablePreview = MethodOutput<'imports.tablePreview'>;
export type Level = MethodOutput<'levels.list'>[number];
export type FileOptions = z.output<typeof fileOptionsSchema>;
export type MatchMode = 'key' | 'name' | 'auto';
export type Decimal = 'auto' | ',' | '.';
export type Percent = 'points' | 'fraction';
export type Dash = 'missing' | 'zero';

/** One value column of a wide table; indicator '' = ignored. Period '' = the mapping's period. */
export interface ColumnDraft {
  indicator: string;
  period: string;
}

/** A rule for several columns at once ("^Anzahl_(\d{4})$" → indicator, period "$1"). */
export interface PatternDraft {
  id: string;
  pattern: string;
  indicator: string;
  /** "$1" … "$9", a fixed period, or '' for the mapping's period. */
  period: string;
}

export interface Draft {
  name: string;
  description?: string;
  file: FileOptions;
  format: 'wide' | 'long';
  /** The planner (or a saved mapping) chose long or wide: guesses leave it alone. */
  touchedFormat?: boolean;
  /** The planner (or a saved mapping) chose the target level: guesses leave it alone. */
  touchedLevel?: boolean;
  units: { column: string; match: MatchMode; level: string; assignments: Record<string, string | null> };
  numbers: { decimal: Decimal; percent: Percent; dash: Dash };
  keepValidRowsOnly: boolean;
  wide: {
    /** Period for columns without their own. */
    period: string;
    /** By header text: only columns the planner touched (or a saved mapping named). */
    columns: Record<string, ColumnDraft>;
    patterns: PatternDraft[];
  };
  long: {
    periodMode: 'column' | 'value';
    periodColumn: string;
    periodValue: string;
    indicatorMode: 'column' | 'code';
    indicatorColumn: string;
    indicatorCode: string;
    /** Translations of indicator texts to codes, kept from a saved mapping. */
    codes?: Record<string, string>;
    valueColumn: string;
  };
}

export function emptyDraft(): Draft {
  return {
    name: '',
    file: {},
    format: 'wide',
    units: { column: '', match: 'auto', level: '', assignments: {} },
    numbers: { decimal: 'auto', percent: 'points', dash: 'missing' },
    keepValidRowsOnly: false,
    wide: { period: '', columns: {}, patterns: [] },
    long: { periodMode: 'column', periodColumn: '', periodValue: '', indicatorMode: 'column', indicatorColumn: '', indicatorCode: '', valueColumn: '' },
  };
}

/** "Anzahl_2018" → "2018"; the first plausible four-digit year standing on its own. */
export function yearOf(header: string): string | undefined {
  for (const match of header.matchAll(/(?<!\d)(\d{4})(?!\d)/g)) {
    const year = Number(match[1]);
    if (year >= 1900 && year <= 2100) return match[1];
  }
  return undefined;
}

const SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

/** The header with its year replaced by a capture group: "Anzahl_2018" → "^Anzahl_(\d{4})$". */
export function patternFromHeader(header: string): string | undefined {
  const year = yearOf(header);
  if (year === undefined) return undefined;
  const at = header.search(new RegExp(`(?<!\\d)${year}(?!\\d)`));
  const escape = (text: string) => text.replace(SYNTAX, '\\$&');
  return `^${escape(header.slice(0, at))}(\\d{4})${escape(header.slice(at + 4))}$`;
}

/** A compiled pattern (Unicode mode, as main reads it), or undefined if it is no valid expression. */
export function compilePattern(source: string): RegExp | undefined {
  try {
    return new RegExp(source, 'u');
  } catch {
    return undefined;
  }
}

/** Exact header text first, then ignoring case, spacing and Unicode composition (as main does). */
export function findColumn(header: readonly string[], name: string): number {
  const exact = header.indexOf(name);
  if (exact !== -1) return exact;
  const loose = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
  const wanted = loose(name);
  const matches = header.flatMap((candidate, index) => (loose(candidate) === wanted ? [index] : []));
  return matches.length === 1 ? (matches[0] as number) : -1;
}

/**
 * The target level before the planner picks one: the level whose keys or names the unit column's
 * sample cells match most ("ST10" → Stadtteil), else the one the column is named after
 * ("Stadtteil"), else the first with units. `units` holds the units of the levels loaded so far.
 */
export function guessLevel(levels: readonly Level[], unitColumn: string, cells: readonly string[] = [], units: Readonly<Record<string, readonly { code: string; name: string }[]>> = {}): Level | undefined {
  const wanted = cells.map((cell) => slugKey(cell)).filter(Boolean);
  let best: { level: Level; hits: number } | undefined;
  for (const level of levels) {
    const known = new Set((units[level.id] ?? []).flatMap((u) => [slugKey(u.code), slugKey(u.name)]));
    const hits = wanted.filter((cell) => known.has(cell)).length;
    if (hits > 0 && (!best || hits > best.hits)) best = { level, hits };
  }
  if (best) return best.level;
  const column = slugKey(unitColumn);
  const named = column ? levels.find((l) => l.unitCount > 0 && column.includes(slugKey(l.name))) : undefined;
  return named ?? levels.find((l) => l.unitCount > 0) ?? levels[0];
}

/** Level of the mapping by key or name (main compares slugged names with the keys). */
export function findLevel(levels: readonly Level[], level: string): Level | undefined {
  const wanted = slugKey(level);
  return levels.find((l) => l.key === level) ?? levels.find((l) => slugKey(l.key) === wanted || slugKey(l.name) === wanted);
}


const UNIT_COLUMN = /(stadtteil|bezirk|gebiet|sozialraum|quartier|ortsteil|raum|schl(ü|ue)ssel|^id$|_id$|^nr\.?$|^name$)/i;
const PERIOD_COLUMN = /^(jahr|zeitraum|periode|stichtag|stand|year|period)$/i;
const INDICATOR_COLUMN = /^(indikator|merkmal|kennzahl|kennziffer|indicator|code)$/i;
const VALUE_COLUMN = /^(wert|werte|value|anzahl)$/i;

/**
 * Fills what the planner has not chosen yet from the table: the unit column, long or wide, the
 * long format's columns and the target level. Keeps every choice already made.
 */
export function withGuesses(draft: Draft, preview: TablePreview, levels: readonly Level[], fileName: string): Draft {
  const header = preview.header;
  const has = (name: string) => name !== '' && findColumn(header, name) !== -1;
  const guess = (re: RegExp) => header.find((h) => re.test(h.trim())) ?? '';
  const next: Draft = { ...draft, units: { ...draft.units }, long: { ...draft.long } };
  if (!next.name.trim()) next.name = fileName.replace(/\.[^.]+$/, '');
  if (!has(next.units.column)) next.units.column = guess(UNIT_COLUMN) || (header[0] ?? '');
  if (!draft.touchedLevel) next.units.level = guessLevel(levels, next.units.column)?.key ?? next.units.level;
  const periodColumn = guess(PERIOD_COLUMN);
  const valueColumn = guess(VALUE_COLUMN);
  if (!has(next.long.periodColumn)) next.long.periodColumn = periodColumn;
  if (!has(next.long.indicatorColumn)) next.long.indicatorColumn = guess(INDICATOR_COLUMN);
  if (!has(next.long.valueColumn)) next.long.valueColumn = valueColumn;
  if (!draft.touchedFormat) next.format = periodColumn && valueColumn ? 'long' : 'wide';
  return next;
}

/** Where a rule of the built `columns` array came from, to put its messages at the right field. */
export type RuleSource = { kind: 'column'; column: string } | { kind: 'pattern'; id: string };

export interface WideColumnView {
  index: number;
  header: string;
  /** The planner's choice for this column, or the prefill (year from the header). */
  value: ColumnDraft;
  /** A pattern rule takes the column (and no exact rule does). */
  pattern?: PatternDraft;
  /** The period the pattern gives this column ("2018" from "$1"). */
  patternPeriod?: string;
}

/** The value columns of a wide table as the wizard shows them (the unit column left out). */
export function wideColumns(draft: Draft, header: readonly string[]): WideColumnView[] {
  const unit = findColumn(header, draft.units.column);
  const exact = new Set<number>();
  for (const [name, column] of Object.entries(draft.wide.columns)) {
    const index = findColumn(header, name);
    if (index !== -1 && column.indicator) exact.add(index);
  }
  const compiled = draft.wide.patterns.map((p) => ({ rule: p, re: compilePattern(p.pattern) }));
  return header.flatMap((name, index): WideColumnView[] => {
    if (index === unit) return [];
    const own = Object.entries(draft.wide.columns).find(([key]) => findColumn(header, key) === index)?.[1];
    const value = own ?? { indicator: '', period: yearOf(name) ?? '' };
    if (!exact.has(index)) {
      for (const { rule, re } of compiled) {
        const match = re?.exec(name);
        if (!match) continue;
        const period = rule.period.startsWith('$') ? match[Number(rule.period.slice(1))] : rule.period || draft.wide.period;
        return [{ index, header: name, value, pattern: rule, ...(period ? { patternPeriod: period } : {}) }];
      }
    }
    return [{ index, header: name, value }];
  });
}

/** Columns of the draft that name no header column (e.g. a saved mapping against this year's file). */
export function missingColumns(draft: Draft, header: readonly string[]): string[] {
  return Object.entries(draft.wide.columns)
    .filter(([name, column]) => column.indicator && findColumn(header, name) === -1)
    .map(([name]) => name);
}

/** Header columns a pattern covers (for "Regel für 4 Spalten"). */
export function patternMatches(pattern: string, header: readonly string[], unitColumn: string): string[] {
  const re = compilePattern(pattern);
  if (!re) return [];
  const unit = findColumn(header, unitColumn);
  return header.filter((name, index) => index !== unit && re.test(name));
}

/** The mapping object as main reads it (before validation), and where each wide rule came from. */
export function buildMapping(draft: Draft, header: readonly string[], fallbackName = 'Zuordnung'): { raw: Record<string, unknown>; sources: RuleSource[] } {
  const common = {
    version: VALUE_MAPPING_VERSION,
    name: draft.name.trim() || fallbackName,
    ...(draft.description ? { description: draft.description } : {}),
    file: cleanFile(draft.file),
    units: { column: draft.units.column, match: draft.units.match, level: draft.units.level, assignments: { ...draft.units.assignments } },
    numbers: { ...draft.numbers },
    keepValidRowsOnly: draft.keepValidRowsOnly,
  };
  if (draft.format === 'long') {
    const l = draft.long;
    return {
      raw: {
        ...common,
        format: 'long',
        period: l.periodMode === 'column' ? { column: l.periodColumn } : { value: l.periodValue.trim() },
        indicator:
          l.indicatorMode === 'column'
            ? { column: l.indicatorColumn, ...(l.codes && Object.keys(l.codes).length > 0 ? { codes: { ...l.codes } } : {}) }
            : { code: l.indicatorCode.trim() },
        value: { column: l.valueColumn },
      },
      sources: [],
    };
  }
  const sources: RuleSource[] = [];
  const columns: Array<Record<string, string>> = [];
  const unit = findColumn(header, draft.units.column);
  const named = Object.entries(draft.wide.columns).filter(([, column]) => column.indicator.trim() !== '');
  // Header order first (what the planner sees), then columns the file lacks.
  const order = (name: string) => {
    const index = findColumn(header, name);
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  };
  for (const [name, column] of named.sort((a, b) => order(a[0]) - order(b[0]))) {
    if (unit !== -1 && findColumn(header, name) === unit) continue;
    sources.push({ kind: 'column', column: name });
    columns.push({ column: name, indicator: column.indicator.trim(), ...(column.period.trim() ? { period: column.period.trim() } : {}) });
  }
  for (const rule of draft.wide.patterns) {
    sources.push({ kind: 'pattern', id: rule.id });
    columns.push({ columnPattern: rule.pattern, indicator: rule.indicator.trim(), ...(rule.period.trim() ? { period: rule.period.trim() } : {}) });
  }
  return {
    raw: { ...common, format: 'wide', ...(draft.wide.period.trim() ? { period: draft.wide.period.trim() } : {}), columns },
    sources,
  };
}

function cleanFile(file: FileOptions): FileOptions {
  return Object.fromEntries(Object.entries(file).filter(([, value]) => value !== undefined && value !== '')) as FileOptions;
}

/** Field keys of the wizard: "units.column", "file.firstDataLine", "col:Anzahl_2018.period", "pattern:p1.indicator", "columns" … */
export type FieldErrors = Record<string, string[]>;

export type Validation = { ok: true; mapping: ValueMapping; errors: FieldErrors } | { ok: false; errors: FieldErrors };

/** Messages for the generic zod checks that the schema leaves technical ("Zu klein: …"). */
export type FriendlyKey = 'name' | 'level' | 'headerRowCount' | 'lineNumber';
const FRIENDLY_PATHS: Record<string, FriendlyKey> = {
  name: 'name',
  'units.level': 'level',
  'file.headerRowCount': 'headerRowCount',
  'file.firstDataLine': 'lineNumber',
  'file.lastDataLine': 'lineNumber',
};
const GENERIC_CODES = new Set(['too_small', 'too_big', 'invalid_type']);

/** Runs the shared schema (German messages) and files every message under its field key. */
export function validateDraft(draft: Draft, header: readonly string[], friendly: (key: FriendlyKey) => string, fallbackName?: string): Validation {
  const { raw, sources } = buildMapping(draft, header, fallbackName);
  const result = valueMappingSchema.safeParse(raw, { error: z.locales.de().localeError });
  if (result.success) return { ok: true, mapping: result.data, errors: {} };
  return { ok: false, errors: collect(result.error.issues, sources, friendly) };
}

/** Only the file options (step 2), with the same messages. */
export function validateFileOptions(file: FileOptions, friendly: (key: FriendlyKey) => string): FieldErrors {
  const result = fileOptionsSchema.safeParse(cleanFile(file), { error: z.locales.de().localeError });
  return result.success ? {} : collect(result.error.issues.map((issue) => ({ ...issue, path: ['file', ...issue.path] })), [], friendly);
}

function collect(issues: readonly z.core.$ZodIssue[], sources: readonly RuleSource[], friendly: (key: FriendlyKey) => string): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = fieldKey(issue.path, sources);
    const named = FRIENDLY_PATHS[key];
    const message = named && GENERIC_CODES.has(issue.code) ? friendly(named) : issue.message;
    const list = (errors[key] ??= []);
    if (!list.includes(message)) list.push(message);
  }
  return errors;
}

function fieldKey(path: readonly PropertyKey[], sources: readonly RuleSource[]): string {
  if (path[0] === 'columns' && typeof path[1] === 'number') {
    const source = sources[path[1]];
    const field = String(path[2] ?? 'indicator');
    if (source?.kind === 'column') return `col:${source.column}.${field === 'column' ? 'indicator' : field}`;
    if (source?.kind === 'pattern') return `pattern:${source.id}.${field === 'columnPattern' || field === 'column' ? 'pattern' : field}`;
  }
  return path.map(String).join('.');
}

let patternIds = 0;
export function newPatternId(): string {
  patternIds += 1;
  return `p${patternIds}`;
}

/** A saved mapping as a draft (defaults applied by the schema), or the schema's messages. */
export function draftFromMapping(input: unknown): { ok: true; draft: Draft } | { ok: false; errors: string[] } {
  const result = valueMappingSchema.safeParse(input, { error: z.locales.de().localeError });
  if (!result.success) {
    return { ok: false, errors: result.error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)) };
  }
  const m = result.data;
  const draft = emptyDraft();
  draft.name = m.name;
  if (m.description !== undefined) draft.description = m.description;
  draft.file = { ...m.file };
  draft.units = { column: m.units.column, match: m.units.match, level: m.units.level, assignments: { ...m.units.assignments } };
  draft.numbers = { ...m.numbers };
  draft.keepValidRowsOnly = m.keepValidRowsOnly;
  draft.format = m.format;
  draft.touchedFormat = true;
  draft.touchedLevel = true;
  if (m.format === 'wide') {
    draft.wide.period = m.period ?? '';
    for (const rule of m.columns) {
      if (rule.column !== undefined) draft.wide.columns[rule.column] = { indicator: rule.indicator, period: rule.period ?? '' };
      else if (rule.columnPattern !== undefined) draft.wide.patterns.push({ id: newPatternId(), pattern: rule.columnPattern, indicator: rule.indicator, period: rule.period ?? '' });
    }
  } else {
    draft.long = {
      periodMode: 'column' in m.period ? 'column' : 'value',
      periodColumn: 'column' in m.period ? m.period.column : '',
      periodValue: 'value' in m.period ? m.period.value : '',
      indicatorMode: 'column' in m.indicator ? 'column' : 'code',
      indicatorColumn: 'column' in m.indicator ? m.indicator.column : '',
      indicatorCode: 'code' in m.indicator ? m.indicator.code : '',
      ...('column' in m.indicator && m.indicator.codes ? { codes: m.indicator.codes } : {}),
      valueColumn: m.value.column,
    };
  }
  return { ok: true, draft };
}

/**
 * A valid mapping that only carries the file options, for re-reading the table in step 2 before
 * the columns are mapped (main reads sheet, encoding and header lines from `mapping.file`). Its
 * `result` is meaningless and ignored.
 */
export function structureMapping(draft: Draft, header: readonly string[], levels: readonly Level[]): Record<string, unknown> | undefined {
  const level = draft.units.level || levels[0]?.key;
  if (!level) return undefined;
  const column = draft.units.column || header[0] || 'Spalte 1';
  const mapping = {
    version: VALUE_MAPPING_VERSION,
    name: draft.name.trim() || 'Vorschau',
    format: 'long',
    file: cleanFile(draft.file),
    units: { column, match: 'auto', level },
    period: { value: '2000' },
    indicator: { code: 'vorschau' },
    value: { column },
  };
  // Checked like every mapping before it goes to main.
  return valueMappingSchema.safeParse(mapping).success ? mapping : undefined;
}
