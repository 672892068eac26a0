import { z } from 'zod';

/**
 * A saved, reusable description of how a statistics table becomes indicator values: where the
 * table sits in the file, which column names the spatial unit, and which columns hold which
 * indicator for which period. Planners save it with the first import and reuse it next year.
 * Pure (no Node, no DOM): the renderer's import wizard edits the same structure.
 */

export const VALUE_MAPPING_VERSION = 1;

/** "2021" or a reference date "2021-12-31". */
const periodSchema = z.string().regex(/^\d{4}(-\d{2}-\d{2})?$/, { error: 'Zeitraum bitte als JJJJ oder JJJJ-MM-TT angeben.' });
/** A capture group of columnPattern, "$1" … "$9". */
const captureSchema = z.string().regex(/^\$[1-9]$/, { error: 'Verweis auf eine Klammer im Muster bitte als $1 … $9 angeben.' });
const columnSchema = z.string().trim().min(1, { error: 'Spaltenname fehlt.' });
const indicatorCodeSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, { error: 'Indikatorcode: Buchstabe am Anfang, dann Buchstaben, Ziffern, _ . -' });
const unitCodeSchema = z.string().trim().min(1);

export const fileOptionsSchema = z.strictObject({
  /** XLSX sheet name. */
  sheet: z.string().min(1).optional(),
  encoding: z.enum(['utf-8', 'windows-1252', 'utf-16le']).optional(),
  delimiter: z.enum([';', ',', '\t', '|']).optional(),
  /** Header rows directly above the data; 0 = no header row (columns are "Spalte 1" …). */
  headerRowCount: z.int().min(0).max(10).optional(),
  /** Source line (CSV) or row (XLSX) of the first / last data row. */
  firstDataLine: z.int().min(1).optional(),
  lastDataLine: z.int().min(1).optional(),
});

export const unitColumnSchema = z.strictObject({
  /** Header text of the column holding the unit key or name. */
  column: columnSchema,
  /** key: "1", "01", "STGT01"; name: "03 Nordstadt", "Westliche_Höhe"; auto: both, must agree. */
  match: z.enum(['key', 'name', 'auto']).default('auto'),
  /** Key of the spatial level the values belong to (e.g. "STGT"). */
  level: z.string().min(1),
  /** Manual assignments: text in the file → unit code, or null for "not a unit, skip the row". */
  assignments: z.record(z.string(), unitCodeSchema.nullable()).default({}),
});

export const numberFormatSchema = z.strictObject({
  /** auto: decided per column (see electron/core/tables/parse-number.ts). */
  decimal: z.enum(['auto', ',', '.']).default('auto'),
  /** points: "53,4%" → 53.4 (unit "%"); fraction: → 0.534. */
  percent: z.enum(['points', 'fraction']).default('points'),
  /** "-" / "–": missing value (default) or, as in official statistics, exactly zero. */
  dash: z.enum(['missing', 'zero']).default('missing'),
});

const common = {
  version: z.literal(VALUE_MAPPING_VERSION),
  name: z.string().trim().min(1),
  description: z.string().optional(),
  file: fileOptionsSchema.default({}),
  units: unitColumnSchema,
  numbers: numberFormatSchema.default({ decimal: 'auto', percent: 'points', dash: 'missing' }),
  /** false: one faulty row stops the import; true: import the valid rows, report the rest. */
  keepValidRowsOnly: z.boolean().default(false),
};

export const wideColumnRuleSchema = z
  .strictObject({
    /** Exact header text … */
    column: columnSchema.optional(),
    /** … or a regular expression (JS source, Unicode mode) over header texts, e.g. "^Anzahl_(\\d{4})$". */
    columnPattern: z.string().min(1).optional(),
    indicator: indicatorCodeSchema,
    /** Fixed period or "$1" (from columnPattern); falls back to the mapping's period. */
    period: z.union([periodSchema, captureSchema]).optional(),
  })
  .superRefine((rule, ctx) => {
    if ((rule.column === undefined) === (rule.columnPattern === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['column'], message: 'Genau eines von „column“ oder „columnPattern“ angeben.' });
    }
    if (rule.columnPattern !== undefined) {
      const groups = captureGroupCount(rule.columnPattern);
      if (groups === undefined) {
        ctx.addIssue({ code: 'custom', path: ['columnPattern'], message: 'Das Spaltenmuster ist kein gültiger regulärer Ausdruck.' });
      } else if (rule.period?.startsWith('$') && Number(rule.period.slice(1)) > groups) {
        ctx.addIssue({ code: 'custom', path: ['period'], message: `Das Muster hat nur ${groups} Klammer(n); ${rule.period} gibt es nicht.` });
      }
    } else if (rule.period?.startsWith('$')) {
      ctx.addIssue({ code: 'custom', path: ['period'], message: '„$n“ geht nur zusammen mit „columnPattern“.' });
    }
  });

export const wideMappingSchema = z
  .strictObject({
    ...common,
    format: z.literal('wide'),
    /** Period for rules without their own, e.g. a table that is all 2021. */
    period: periodSchema.optional(),
    columns: z.array(wideColumnRuleSchema).min(1, { error: 'Mindestens eine Spalte zuordnen.' }),
  })
  .superRefine((mapping, ctx) => {
    mapping.columns.forEach((rule, index) => {
      if (rule.period === undefined && mapping.period === undefined) {
        ctx.addIssue({ code: 'custom', path: ['columns', index, 'period'], message: 'Für diese Spalte fehlt der Zeitraum.' });
      }
    });
  });

export const longMappingSchema = z.strictObject({
  ...common,
  format: z.literal('long'),
  /** Column with the period, or one period for the whole file. */
  period: z.union([z.strictObject({ column: columnSchema }), z.strictObject({ value: periodSchema })]),
  /** Column with the indicator (texts translated by `codes`, else taken as codes), or one code. */
  indicator: z.union([
    z.strictObject({ column: columnSchema, codes: z.record(z.string(), indicatorCodeSchema).optional() }),
    z.strictObject({ code: indicatorCodeSchema }),
  ]),
  value: z.strictObject({ column: columnSchema }),
});

export const valueMappingSchema = z.discriminatedUnion('format', [wideMappingSchema, longMappingSchema]);

export type ValueMapping = z.output<typeof valueMappingSchema>;
/** What a JSON file may contain: defaults (match, numbers, keepValidRowsOnly …) may be left out. */
export type ValueMappingInput = z.input<typeof valueMappingSchema>;
export type WideValueMapping = z.output<typeof wideMappingSchema>;
export type LongValueMapping = z.output<typeof longMappingSchema>;
export type WideColumnRule = z.output<typeof wideColumnRuleSchema>;
export type NumberFormat = z.output<typeof numberFormatSchema>;

export type ParsedValueMapping = { ok: true; mapping: ValueMapping } | { ok: false; errors: string[] };

/** Validates a stored mapping; messages are German and name the offending field. */
export function parseValueMapping(input: unknown): ParsedValueMapping {
  const result = valueMappingSchema.safeParse(input, { error: z.locales.de().localeError });
  if (result.success) return { ok: true, mapping: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)),
  };
}

function captureGroupCount(source: string): number | undefined {
  try {
    // An alternative that matches the empty string reveals the group count.
    return (new RegExp(`${source}|`, 'u').exec('')?.length ?? 1) - 1;
  } catch {
    return undefined;
  }
}
