import { describe, expect, it } from 'vitest';
import { parseValueMapping, valueMappingSchema } from '../../../shared/value-mapping.ts';

const BASE = { version: 1, name: 'SGB II', units: { column: 'id', level: 'stadtteil' } };

describe('valueMappingSchema', () => {
  it('fills defaults', () => {
    const parsed = valueMappingSchema.parse({ ...BASE, format: 'wide', period: '2021', columns: [{ column: 'Anzahl', indicator: 'sgb2_anzahl' }] });
    expect(parsed).toMatchObject({
      file: {},
      units: { match: 'auto', assignments: {} },
      numbers: { decimal: 'auto', percent: 'points', dash: 'missing' },
      keepValidRowsOnly: false,
    });
  });

  it('round-trips through JSON', () => {
    const mapping = valueMappingSchema.parse({
      ...BASE,
      format: 'wide',
      file: { encoding: 'windows-1252', delimiter: ';', headerRowCount: 2, firstDataLine: 6 },
      units: { column: 'Stadtteil', match: 'name', level: 'stadtteil', assignments: { 'Stadt gesamt': null, Zentrum: 'STGT01' } },
      columns: [{ columnPattern: '^Anzahl_(\\d{4})$', indicator: 'sgb2_anzahl', period: '$1' }],
    });
    expect(valueMappingSchema.parse(JSON.parse(JSON.stringify(mapping)))).toEqual(mapping);
  });

  it.each([
    [{ format: 'wide', columns: [{ column: 'A', indicator: 'a' }] }, 'columns.0.period: Für diese Spalte fehlt der Zeitraum.'],
    [{ format: 'wide', period: '2021', columns: [{ column: 'A', columnPattern: 'A', indicator: 'a' }] }, 'columns.0.column: Genau eines von „column“ oder „columnPattern“ angeben.'],
    [{ format: 'wide', columns: [{ columnPattern: '^(\\d{4}$', indicator: 'a', period: '$1' }] }, 'columns.0.columnPattern: Das Spaltenmuster ist kein gültiger regulärer Ausdruck.'],
    [{ format: 'wide', columns: [{ columnPattern: '^(\\d{4})$', indicator: 'a', period: '$2' }] }, 'columns.0.period: Das Muster hat nur 1 Klammer(n); $2 gibt es nicht.'],
    [{ format: 'wide', columns: [{ column: 'A', indicator: 'a', period: '$1' }] }, 'columns.0.period: „$n“ geht nur zusammen mit „columnPattern“.'],
    [{ format: 'wide', columns: [{ column: 'A', indicator: 'a', period: '31.12.2021' }] }, 'columns.0.period: '],
    [{ format: 'wide', period: '2021', columns: [{ column: 'A', indicator: '1 Code' }] }, 'columns.0.indicator: Indikatorcode'],
    [{ format: 'long', period: { value: '2021' }, indicator: { code: 'a' } }, 'value: '],
  ])('rejects %j', (input, message) => {
    const parsed = parseValueMapping({ ...BASE, ...input });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.join('\n')).toContain(message);
  });

  it('rejects unknown fields and versions, in German', () => {
    const parsed = parseValueMapping({ ...BASE, version: 2, format: 'wide', period: '2021', columns: [{ column: 'A', indicator: 'a', typo: 1 }] });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.errors.some((error) => error.startsWith('version: '))).toBe(true);
      expect(parsed.errors.some((error) => error.startsWith('columns.0: ') && error.includes('typo'))).toBe(true);
    }
  });
});
