import type { Database } from 'better-sqlite3';
import type { MethodInput, MethodOutput } from '../../../shared/contract.ts';
import { UserFacingError } from '../errors.ts';
import type { ChangeWriter, WriteTransaction } from '../sync/change-writer.ts';
import { deterministicId, slugKey } from '../sync/ids.ts';

export type IndicatorSummary = MethodOutput<'indicators.list'>[number];
export type IndicatorDetail = MethodOutput<'indicators.get'>;
type IndicatorFields = MethodInput<'indicators.save'>['indicator'];

interface IndicatorRow {
  id: string;
  code: string;
  name: string;
  short_name: string | null;
  topic_id: string | null;
  topic_name: string | null;
  unit: string | null;
  decimals: number;
  polarity: 'need' | 'better' | 'neutral';
  kind: 'status' | 'dynamic';
  measure: 'absolute' | 'relative' | 'standardised';
  definition: string | null;
  formula: string | null;
  source: string | null;
  licence: string | null;
  attribution: string | null;
  update_interval: string | null;
  reference_date_note: string | null;
  notes: string | null;
  tags: string;
  archived: number;
  recipe: string | null;
}

const SELECT_INDICATOR = `
  SELECT i.*, t.name AS topic_name FROM indicators i
  LEFT JOIN indicator_topics t ON t.id = i.topic_id AND t.deleted = 0`;

/** The catalogue: every live indicator, optionally found by full text (umlaut-insensitive). */
export function listIndicators(db: Database, input: MethodInput<'indicators.list'>): MethodOutput<'indicators.list'> {
  const clauses = ['i.deleted = 0'];
  const params: unknown[] = [];
  if (!input.includeArchived) clauses.push('i.archived = 0');
  if (input.topicId) {
    clauses.push('i.topic_id = ?');
    params.push(input.topicId);
  }
  const query = input.query?.trim();
  let order = 'ORDER BY t.rank, t.name, i.name';
  let sql = `${SELECT_INDICATOR} WHERE ${clauses.join(' AND ')}`;
  if (query) {
    sql = `${SELECT_INDICATOR} JOIN indicator_search s ON s.rowid = i.rowid WHERE indicator_search MATCH ? AND ${clauses.join(' AND ')}`;
    params.unshift(ftsQuery(query));
    order = 'ORDER BY s.rank';
  }
  const rows = db.prepare(`${sql} ${order}`).all(...params) as IndicatorRow[];
  const coverage = valueCoverage(db);
  return rows.map((row) => ({ ...summary(row), ...(coverage.get(row.id) ?? { periods: [], levelIds: [], valueCount: 0 }) }));
}

export function getIndicator(db: Database, id: string): IndicatorDetail {
  const row = db.prepare(`${SELECT_INDICATOR} WHERE i.id = ?`).get(id) as IndicatorRow | undefined;
  if (!row || (row as unknown as { deleted: number }).deleted) throw new UserFacingError('not-found', 'Diesen Indikator gibt es nicht (mehr).');
  const coverage = valueCoverage(db, id).get(id) ?? { periods: [], levelIds: [], valueCount: 0 };
  return {
    ...summary(row),
    ...coverage,
    definition: row.definition,
    formula: row.formula,
    source: row.source,
    licence: row.licence,
    attribution: row.attribution,
    updateInterval: row.update_interval,
    referenceDateNote: row.reference_date_note,
    notes: row.notes,
    recipe: row.recipe ? (JSON.parse(row.recipe) as Record<string, unknown>) : null,
  };
}

/** Creates (new code) or edits an indicator through the write path; codes stay unique. */
export function saveIndicator(writer: ChangeWriter, db: Database, input: MethodInput<'indicators.save'>): IndicatorDetail {
  const fields = input.indicator;
  const code = fields.code.trim();
  const id = input.id ?? deterministicId.indicator(code);
  const clash = db.prepare('SELECT id FROM indicators WHERE code = ? AND id != ? AND deleted = 0').get(code, id) as { id: string } | undefined;
  if (clash) throw new UserFacingError('duplicate-code', `Das Kürzel „${code}“ hat schon ein anderer Indikator.`);
  if (input.id && !db.prepare('SELECT 1 FROM indicators WHERE id = ?').get(input.id)) {
    throw new UserFacingError('not-found', 'Diesen Indikator gibt es nicht (mehr).');
  }
  writer.transaction((tx) => {
    const topicId = fields.topic ? ensureTopic(tx, fields.topic) : null;
    tx.upsert('indicators', id, toColumns(fields, code, topicId));
  });
  return getIndicator(db, id);
}

export function setIndicatorArchived(writer: ChangeWriter, db: Database, id: string, archived: boolean): IndicatorDetail {
  getIndicator(db, id);
  writer.transaction((tx) => tx.update('indicators', id, { archived: archived ? 1 : 0 }));
  return getIndicator(db, id);
}

export function listTopics(db: Database): MethodOutput<'topics.list'> {
  const rows = db
    .prepare('SELECT id, key, name, parent_id, rank FROM indicator_topics WHERE deleted = 0 ORDER BY rank, name')
    .all() as Array<{ id: string; key: string; name: string; parent_id: string | null; rank: number }>;
  return rows.map((r) => ({ id: r.id, key: r.key, name: r.name, parentId: r.parent_id, rank: r.rank }));
}

/** A topic path like "Arbeit und Soziales/Transferleistungen" becomes nested topics. */
export function ensureTopic(tx: WriteTransaction, path: string): string {
  let parentId: string | null = null;
  let key = '';
  for (const [depth, part] of path.split('/').map((p) => p.trim()).filter(Boolean).entries()) {
    key = key ? `${key}/${slugKey(part)}` : slugKey(part);
    const id = deterministicId.topic(key);
    tx.upsert('indicator_topics', id, { key, name: part, parent_id: parentId, rank: depth === 0 ? TOPIC_ORDER.indexOf(part) + 1 || 99 : 0 });
    parentId = id;
  }
  if (!parentId) throw new UserFacingError('invalid-topic', 'Das Thema ist leer.');
  return parentId;
}

/** The topic tree planners are used to, in their order; other topics follow alphabetically. */
const TOPIC_ORDER = ['Demografie', 'Arbeit und Soziales', 'Bildung', 'Gesundheit', 'Wohnen und Umwelt', 'Integration', 'Infrastruktur', 'Indizes'];

function toColumns(fields: IndicatorFields, code: string, topicId: string | null) {
  return {
    code,
    name: fields.name.trim(),
    short_name: fields.shortName ?? null,
    topic_id: topicId,
    unit: fields.unit ?? null,
    decimals: fields.decimals ?? 1,
    polarity: fields.polarity,
    kind: fields.kind ?? 'status',
    measure: fields.measure ?? 'absolute',
    definition: fields.definition ?? null,
    formula: fields.formula ?? null,
    source: fields.source ?? null,
    licence: fields.licence ?? null,
    attribution: fields.attribution ?? null,
    update_interval: fields.updateInterval ?? null,
    reference_date_note: fields.referenceDateNote ?? null,
    notes: fields.notes ?? null,
    tags: fields.tags ?? [],
    archived: 0,
    recipe: fields.recipe ?? null,
  };
}

function summary(row: IndicatorRow) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    shortName: row.short_name,
    topic: row.topic_name,
    topicId: row.topic_id,
    unit: row.unit,
    decimals: row.decimals,
    polarity: row.polarity,
    kind: row.kind,
    measure: row.measure,
    tags: JSON.parse(row.tags) as string[],
    archived: row.archived === 1,
    computed: row.recipe !== null,
  };
}

/** Which periods and spatial levels have values, per indicator. */
function valueCoverage(db: Database, onlyId?: string) {
  const rows = db
    .prepare(
      `SELECT v.indicator_id AS id, v.period, u.level_id AS levelId, count(*) AS n
       FROM indicator_values v JOIN spatial_units u ON u.id = v.unit_id
       WHERE v.deleted = 0 AND u.deleted = 0 ${onlyId ? 'AND v.indicator_id = ?' : ''}
       GROUP BY v.indicator_id, v.period, u.level_id`,
    )
    .all(...(onlyId ? [onlyId] : [])) as Array<{ id: string; period: string; levelId: string; n: number }>;
  const coverage = new Map<string, { periods: string[]; levelIds: string[]; valueCount: number }>();
  for (const row of rows) {
    const entry = coverage.get(row.id) ?? { periods: [], levelIds: [], valueCount: 0 };
    if (!entry.periods.includes(row.period)) entry.periods.push(row.period);
    if (!entry.levelIds.includes(row.levelId)) entry.levelIds.push(row.levelId);
    entry.valueCount += row.n;
    coverage.set(row.id, entry);
  }
  for (const entry of coverage.values()) entry.periods.sort();
  return coverage;
}

/** User text → an FTS5 query of prefix terms; quotes keep operators in the text harmless. */
function ftsQuery(text: string): string {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((term) => `"${term.replaceAll('"', '""')}"*`)
    .join(' ');
}
