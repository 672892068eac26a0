import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from '../../../shared/wire-codec.ts';

describe('wire codec', () => {
  it('round-trips plain data and binary data alike', () => {
    const plain = { units: [{ id: 'a', value: 1.5, flag: null }], name: 'Straße' };
    expect(decodeWire(encodeWire(plain))).toEqual(plain);
    const withBytes = { file: { name: 'x.csv', data: new Uint8Array([0, 1, 255]) } };
    const decoded = decodeWire(encodeWire(withBytes)) as typeof withBytes;
    expect(decoded.file.data).toBeInstanceOf(Uint8Array);
    expect([...decoded.file.data]).toEqual([0, 1, 255]);
  });

  it('still revives bytes whose key is spelled with a JSON escape', () => {
    const escaped = encodeWire({ data: new Uint8Array([7, 8]) }).replace('$bytes', '\\u0024bytes');
    expect(escaped).not.toContain('$bytes');
    const decoded = decodeWire(escaped) as { data: Uint8Array };
    expect([...decoded.data]).toEqual([7, 8]);
  });
});
