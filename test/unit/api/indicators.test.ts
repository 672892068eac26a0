import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../../electron/core/app-core.ts';
import type { MethodOutput } from '../../../shared/contract.ts';

let core: AppCore;
let dir: string;

async function ok<T>(method: string, input: unknown): Promise<T> {
  const result = await core.call(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-ind-'));
  core = await createAppCore({ dbPath: path.join(dir, 'app.sqlite'), host: 'web', checkOutputs: true });
});

afterAll(() => {
  core.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const sgb2 = {
  code: 'sgb2_anteil', name: 'Anteil Regelleistungsberechtigte nach SGB II', shortName: 'SGB-II-Quote', topic: 'Arbeit und Soziales/Transferleistungen',
  unit: '%', decimals: 1, polarity: 'need' as const, kind: 'status' as const, measure: 'relative' as const,
  definition: 'Regelleistungsberechtigte nach SGB II je 100 Einwohner:innen unter 65 Jahren', source: 'Statistikstelle Flensburg', licence: 'CC0 1.0', updateInterval: 'jährlich', tags: ['Armut'],
};

describe('the indicator catalogue', () => {
  it('creates an indicator with its metadata and a nested topic', async () => {
    const saved = await ok<MethodOutput<'indicators.get'>>('indicators.save', { indicator: sgb2 });
    expect(saved).toMatchObject({ code: 'sgb2_anteil', topic: 'Transferleistungen', polarity: 'need', unit: '%', definition: sgb2.definition, archived: false, periods: [] });
    const topics = await ok<MethodOutput<'topics.list'>>('topics.list', {});
    const parent = topics.find((t) => t.name === 'Arbeit und Soziales')!;
    expect(topics.find((t) => t.name === 'Transferleistungen')!.parentId).toBe(parent.id);
  });

  it('finds indicators by full text, ignoring case and umlauts, and by prefix', async () => {
    await ok('indicators.save', { indicator: { code: 'altenquotient', name: 'Altenquotient', topic: 'Demografie', polarity: 'neutral', definition: 'Über-65-Jährige je 100 Personen im Erwerbsalter' } });
    const codes = async (query: string) => (await ok<MethodOutput<'indicators.list'>>('indicators.list', { query })).map((i) => i.code);
    expect(await codes('sgb')).toEqual(['sgb2_anteil']);
    expect(await codes('uber')).toEqual(['altenquotient']);
    expect(await codes('ARMUT')).toEqual(['sgb2_anteil']);
    expect(await codes('Quote')).toContain('sgb2_anteil');
    expect(await codes('"; DROP TABLE indicators; --')).toEqual([]);
    expect((await ok<MethodOutput<'indicators.list'>>('indicators.list', {})).length).toBe(2);
  });

  it('edits an indicator and logs only the changed fields', async () => {
    const [existing] = await ok<MethodOutput<'indicators.list'>>('indicators.list', { query: 'sgb' });
    const edited = await ok<MethodOutput<'indicators.get'>>('indicators.save', { id: existing!.id, indicator: { ...sgb2, decimals: 2 } });
    expect(edited.decimals).toBe(2);
    const ops = core.database.sqlite.prepare("SELECT field FROM ops WHERE tbl = 'indicators' AND row_id = ? ORDER BY seq").all(existing!.id) as Array<{ field: string }>;
    expect(ops.map((o) => o.field)).toEqual(['*', 'decimals']);
  });

  it('refuses a second indicator with the same code', async () => {
    const result = await core.call('indicators.save', { indicator: { ...sgb2, code: 'altenquotient' } });
    const [existing] = await ok<MethodOutput<'indicators.list'>>('indicators.list', { query: 'sgb' });
    const clash = await core.call('indicators.save', { id: existing!.id, indicator: { ...sgb2, code: 'altenquotient' } });
    expect(result.ok).toBe(true); // same code, no id: the same (deterministic) indicator is updated
    expect(clash).toMatchObject({ ok: false, error: { code: 'duplicate-code', message: expect.stringMatching(/„altenquotient“ hat schon/) } });
  });

  it('archives and restores: archived indicators leave the default list', async () => {
    const [existing] = await ok<MethodOutput<'indicators.list'>>('indicators.list', { query: 'sgb' });
    await ok('indicators.archive', { id: existing!.id, archived: true });
    expect((await ok<MethodOutput<'indicators.list'>>('indicators.list', {})).map((i) => i.code)).not.toContain('sgb2_anteil');
    expect((await ok<MethodOutput<'indicators.list'>>('indicators.list', { includeArchived: true })).map((i) => i.code)).toContain('sgb2_anteil');
    await ok('indicators.archive', { id: existing!.id, archived: false });
  });

  it('rejects invalid codes and polarities before anything is written', async () => {
    const before = core.database.sqlite.prepare('SELECT count(*) AS n FROM ops').get();
    expect(await core.call('indicators.save', { indicator: { ...sgb2, code: 'mit leerzeichen' } })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await core.call('indicators.save', { indicator: { ...sgb2, polarity: 'gut' } })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(core.database.sqlite.prepare('SELECT count(*) AS n FROM ops').get()).toEqual(before);
  });
});
