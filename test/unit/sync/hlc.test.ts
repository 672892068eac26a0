import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHlc, parseHlc, receiveHlc, tickHlc, type Hlc } from '../../../shared/sync/hlc.ts';

const FC_SEED = Number(process.env.FC_SEED ?? 20261125);
const replica = fc.stringMatching(/^[0-9a-z]{4,16}$/);
const millis = fc.integer({ min: 0, max: 4_000_000_000_000 });
const hlc = fc.record({ millis, counter: fc.integer({ min: 0, max: 1_000_000 }), replica });

describe('hybrid logical clock', () => {
  it('round-trips through its string form', () => {
    fc.assert(fc.property(hlc, (h) => {
        expect(parseHlc(formatHlc(h))).toEqual(h);
      }), { seed: FC_SEED });
  });

  it('sorts as strings exactly like (millis, counter)', () => {
    fc.assert(
      fc.property(hlc, hlc, (a, b) => {
        const same = { ...b, replica: a.replica };
        const byValue = a.millis - same.millis || a.counter - same.counter;
        const byString = formatHlc(a) < formatHlc(same) ? -1 : formatHlc(a) > formatHlc(same) ? 1 : 0;
        expect(Math.sign(byString)).toBe(Math.sign(byValue));
      }),
      { seed: FC_SEED },
    );
  });

  it('never goes backwards, whatever the wall clock does', () => {
    fc.assert(
      fc.property(replica, fc.array(fc.oneof(millis.map((m) => ({ local: m })), fc.tuple(millis, hlc).map(([m, r]) => ({ remote: r, at: m }))), { maxLength: 60 }), (id, events) => {
        let clock: Hlc = { millis: 0, counter: 0, replica: id };
        for (const event of events) {
          const next = 'local' in event ? tickHlc(clock, event.local) : receiveHlc(clock, event.remote, event.at);
          expect(formatHlc(next) > formatHlc(clock)).toBe(true);
          if ('remote' in event) expect(formatHlc(next) > formatHlc({ ...event.remote, replica: id })).toBe(true);
          clock = next;
        }
      }),
      { seed: FC_SEED },
    );
  });

  it('follows the wall clock when it moves forward', () => {
    const start: Hlc = { millis: 1000, counter: 7, replica: 'abc' };
    expect(tickHlc(start, 5000)).toEqual({ millis: 5000, counter: 0, replica: 'abc' });
    expect(tickHlc(start, 10)).toEqual({ millis: 1000, counter: 8, replica: 'abc' });
  });

  it('rejects malformed timestamps', () => {
    expect(() => parseHlc('2026-11-25-0000-abc')).toThrow(/Ungültiger Zeitstempel/);
  });
});
