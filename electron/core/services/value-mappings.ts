import type { Database } from 'better-sqlite3';
import type { MethodOutput } from '../../../shared/contract.ts';
import { parseValueMapping } from '../../../shared/value-mapping.ts';
import { UserFacingError } from '../errors.ts';
import type { ChangeWriter } from '../sync/change-writer.ts';
import { deterministicId } from '../sync/ids.ts';

/** Saved mappings travel with the exchange: next year's delivery is read the same way everywhere. */
export function listMappings(db: Database): MethodOutput<'mappings.list'> {
  const rows = db.prepare('SELECT id, name, mapping FROM value_mappings WHERE deleted = 0 ORDER BY name').all() as Array<{ id: string; name: string; mapping: string }>;
  return rows.map((row) => ({ id: row.id, name: row.name, mapping: JSON.parse(row.mapping) as Record<string, unknown> }));
}

/** Saves (or replaces, by name) a mapping after validating it. */
export function saveMapping(writer: ChangeWriter, input: Record<string, unknown>): MethodOutput<'mappings.save'> {
  const parsed = parseValueMapping(input);
  if (!parsed.ok) throw new UserFacingError('invalid-mapping', `Die Zuordnung ist unvollständig: ${parsed.errors.join('; ')}`);
  const id = deterministicId.mapping(parsed.mapping.name);
  writer.transaction((tx) => tx.upsert('value_mappings', id, { name: parsed.mapping.name, mapping: input }));
  return { id, name: parsed.mapping.name };
}
