import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listConflicts } from '../../../electron/core/exchange/conflicts.ts';
import { readAttachment } from '../../../electron/core/services/attachments.ts';
import { parseHlc } from '../../../shared/sync/hlc.ts';
import { Office, type Replica } from './replicas.ts';
import { propertyOptions, resolveAll, runStep, stepArbitrary } from './model.ts';

const scenario = fc
  .integer({ min: 2, max: 5 })
  .chain((replicas) => fc.record({ replicas: fc.constant(replicas), steps: fc.array(stepArbitrary(replicas), { minLength: 3, maxLength: 25 }), choice: fc.nat({ max: 2 }) }));

/** The clock of every replica only moves forward: checked after each step. */
function clockWatch() {
  const last = new Map<string, number>();
  return (replica: Replica) => {
    const { last_hlc } = replica.db.sqlite.prepare('SELECT last_hlc FROM local_replica').get() as { last_hlc: string };
    const clock = parseHlc(last_hlc);
    const value = clock.millis * 2 ** 20 + clock.counter;
    if (value < (last.get(replica.name) ?? 0)) throw new Error(`Uhr von ${replica.name} ging zurück`);
    last.set(replica.name, value);
  };
}

const opIds = (replica: Replica) => (replica.db.sqlite.prepare("SELECT replica || ':' || seq AS id FROM ops").all() as Array<{ id: string }>).map((r) => r.id);

describe('exchange properties', () => {
  it('converges: 2–5 laptops, random edits and random file schedules, then one full exchange → identical databases; resolving closes every conflict everywhere', () => {
    fc.assert(
      fc.property(scenario, ({ replicas, steps, choice }) => {
        const office = new Office();
        try {
          for (let i = 0; i < replicas; i++) office.add(`laptop${i}`);
          const state = { files: [] as string[], check: clockWatch() };
          for (const step of steps) runStep(office, step, state);
          // No lost op: afterwards everybody holds the union of everything anybody wrote.
          const union = new Set(office.replicas.flatMap(opIds));
          office.fullExchange();
          const dumps = office.replicas.map((r) => office.dump(r));
          for (const dump of dumps) expect(dump).toEqual(dumps[0]);
          for (const replica of office.replicas) expect(new Set(opIds(replica))).toEqual(union);
          // Photos travel: every laptop holds the verified bytes of every attachment record.
          for (const replica of office.replicas) {
            for (const { id } of replica.db.sqlite.prepare('SELECT id FROM attachments').all() as Array<{ id: string }>) {
              expect(readAttachment(replica.db.path, id).byteLength).toBeGreaterThan(0);
            }
          }
          // The same conflicts everywhere; one laptop settles them all; the next exchange closes them everywhere.
          const resolver = office.replicas[choice % replicas]!;
          resolveAll(resolver, choice);
          office.fullExchange();
          for (const replica of office.replicas) {
            expect(listConflicts(replica.db.sqlite, replica.blobs)).toEqual([]);
            state.check(replica);
          }
          const settled = office.replicas.map((r) => office.dump(r));
          for (const dump of settled) expect(dump).toEqual(settled[0]);
        } finally {
          office.close();
        }
      }),
      propertyOptions(30),
    );
  });
});
