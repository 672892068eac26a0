import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../electron/core/tables/decode-text.ts';
import { normalisePeriod } from '../../../electron/core/tables/periods.ts';
import { detectDelimiter } from '../../../electron/core/tables/read-csv.ts';
import { readTable } from '../../../electron/core/tables/read-table.ts';
import { sniffFormat } from '../../../electron/core/tables/sniff-format.ts';
import { encodeWindows1252, utf8File } from './helpers.ts';

describe('decodeText', () => {
  it('BOM, valid UTF-8, otherwise Windows-1252', () => {
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, 0xc3, 0xa4]))).toEqual({ text: 'ä', encoding: 'utf-8' });
    expect(decodeText(new TextEncoder().encode('Heßler'))).toEqual({ text: 'Heßler', encoding: 'utf-8' });
    expect(decodeText(encodeWindows1252('Heßler – Ückendorf €'))).toEqual({ text: 'Heßler – Ückendorf €', encoding: 'windows-1252' });
    expect(decodeText(Uint8Array.from([0xff, 0xfe, 0x41, 0x00, 0xe4, 0x00]))).toEqual({ text: 'Aä', encoding: 'utf-16le' });
  });

  it('Excel "Unicode-Text" (UTF-16LE, tab-separated) reads as a table', async () => {
    const text = 'Stadtteil\tWert\r\nHeßler\t1,5\r\n';
    const data = Uint8Array.from([0xff, 0xfe, ...[...text].flatMap((char) => [char.charCodeAt(0) & 0xff, char.charCodeAt(0) >> 8])]);
    const table = await readTable({ name: 'unicode.txt', data });
    expect(table).toMatchObject({ encoding: 'utf-16le', delimiter: '\t' });
    expect(table.rows[1]?.cells).toEqual(['Heßler', '1,5']);
  });
});

describe('delimiter', () => {
  it('decimal commas do not fool the vote; title lines do not either', () => {
    expect(detectDelimiter('Titel der Tabelle\nA;B;C\n1,5;2,5;3\n4,5;5,5;6\n')).toBe(';');
    expect(detectDelimiter('a,b,c\n1,"2,5",3\n')).toBe(',');
    expect(detectDelimiter('a|b|c\n1|2|3\n')).toBe('|');
  });

  it('a "sep=" line from Excel sets the delimiter and is not data', async () => {
    const table = await readTable(utf8File('t.csv', 'sep=,\nStadtteil,Wert\nHeßler,"1,5"\n'));
    expect(table.delimiter).toBe(',');
    expect(table.rows.map((row) => [row.line, row.cells[0]])).toEqual([
      [2, 'Stadtteil'],
      [3, 'Heßler'],
    ]);
  });
});

describe('sniffFormat', () => {
  it('text, zip, binary', () => {
    expect(sniffFormat(new TextEncoder().encode('a;b'))).toEqual({ kind: 'csv' });
    expect(sniffFormat(Uint8Array.from([0x50, 0x4b, 0x03, 0x04]))).toEqual({ kind: 'zip' });
    expect(sniffFormat(Uint8Array.from([0x01, 0x00, 0x02]))).toEqual({ kind: 'unsupported', what: 'eine Binärdatei' });
    expect(sniffFormat(Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0x2d]))).toEqual({ kind: 'unsupported', what: 'ein PDF-Dokument' });
  });
});

describe('normalisePeriod', () => {
  it.each([
    ['2021', '2021'],
    [' 2021 ', '2021'],
    ['2021.0', '2021'],
    ['31.12.2021', '2021-12-31'],
    ['1.7.2021', '2021-07-01'],
    ['2021-06-30', '2021-06-30'],
    ['Stichtag 31.12.2021', '2021-12-31'],
    ['Jahr: 2020', '2020'],
    ['gesamt', undefined],
    ['31.02.2021', undefined],
    ['2021/22', undefined],
    ['21', undefined],
    ['0999', undefined],
  ])('%j → %s', (text, expected) => {
    expect(normalisePeriod(text)).toBe(expected);
  });
});
