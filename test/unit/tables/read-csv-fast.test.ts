import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { ImportFailed } from '../../../electron/core/geo/types.ts';
import { decodeText, decodeWindows1252 } from '../../../electron/core/tables/decode-text.ts';
import { detectDelimiter, guessLineEndings } from '../../../electron/core/tables/read-csv.ts';
import { readTable } from '../../../electron/core/tables/read-table.ts';
import type { RawRow } from '../../../electron/core/tables/types.ts';

const SEED = Number(process.env.FC_SEED ?? 20261125);

// The fast CSV paths (plain split without quotes, one papaparse call with quotes) must give what
// reading record by record with papaparse's step callback gives: the same rows, the same line
// numbers, the same warnings and errors. The reference below is that step-by-step reading.

interface Reading {
  rows?: RawRow[];
  warnings?: Array<{ line?: number; message: string }>;
  error?: Array<{ line?: number; message: string }>;
}

function referenceRead(text: string, delimiter: string): Reading {
  const rows: RawRow[] = [];
  const warnings: Array<{ line: number; message: string }> = [];
  let fatal: { line: number; message: string } | undefined;
  let start = 0;
  let line = 1;
  let linebreak = '\n';
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: false,
    step: (result) => {
      linebreak = result.meta.linebreak || linebreak;
      const end = result.meta.cursor;
      for (const error of result.errors) {
        const issue = { line, message: error.code };
        if (error.code === 'MissingQuotes') fatal ??= issue;
        else warnings.push(issue);
      }
      const cells = result.data.map((cell) => cell.trim());
      if (cells.some((cell) => cell !== '')) rows.push({ line, cells });
      for (let at = text.indexOf(linebreak, start); at !== -1 && at < end; at = text.indexOf(linebreak, at + linebreak.length)) line++;
      start = end;
    },
  });
  return fatal ? { error: [fatal] } : { rows, warnings };
}

function referenceDelimiter(text: string): string {
  let best = { delimiter: ';', score: 0 };
  for (const delimiter of [';', '\t', ',', '|']) {
    const sample = Papa.parse<string[]>(text, { delimiter, preview: 200, skipEmptyLines: 'greedy' }).data;
    const counts = new Map<number, number>();
    for (const row of sample) if (row.length > 1) counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
    const score = Math.max(0, ...counts.values());
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

async function fastRead(data: Uint8Array, delimiter: string): Promise<Reading> {
  try {
    const table = await readTable({ name: 't.csv', data }, { delimiter });
    return { rows: table.rows, warnings: table.warnings.map((issue) => ({ line: issue.line, message: issue.message })) };
  } catch (error) {
    if (!(error instanceof ImportFailed)) throw error;
    return { error: error.issues.map((issue) => ({ line: issue.line, message: issue.message })) };
  }
}

/** The reference with the messages readCsv uses instead of papaparse's codes. */
function withMessages(reading: Reading, empty: boolean): Reading {
  const message = (code: string) =>
    code === 'MissingQuotes'
      ? 'Ein Anführungszeichen wird nicht geschlossen; der Rest der Datei wäre sonst ein einziges Feld. Bitte die Zeile prüfen.'
      : code === 'InvalidQuotes'
        ? 'Ein Anführungszeichen steht mitten in einem Feld; die Zeile wurde trotzdem gelesen. Bitte prüfen.'
        : 'Die Zeile ist kein gültiges CSV; sie wurde so gut wie möglich gelesen.';
  const leer = { error: [{ line: undefined, message: 'Die Datei ist leer.' }] };
  if (empty) return leer;
  if (reading.error) return { error: reading.error.map((issue) => ({ line: issue.line, message: message(issue.message) })) };
  if (reading.rows?.length === 0) return leer;
  return { rows: reading.rows, warnings: reading.warnings?.map((issue) => ({ line: issue.line, message: message(issue.message) })) };
}

const PIECES = ['a', 'ST01', '1,5', '2.345', ' ', '  x ', '', '"', '""', '"q"', '"a;b"', '"1\n2"', '"x\r\ny"', '\u00A0', 'ü'];
const cell = fc.array(fc.constantFrom(...PIECES), { maxLength: 3 }).map((parts) => parts.join(''));
const newline = fc.constantFrom('\n', '\r\n', '\r');

const csv = fc
  .record({
    rows: fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 25 }),
    delimiter: fc.constantFrom(';', ',', '\t', '|'),
    newline,
    // Occasionally a different line break inside the file, a blank line or a leading BOM.
    odd: fc.array(fc.tuple(fc.nat(30), fc.constantFrom('\n', '\r\n', '\r', '\r\r\n', '')), { maxLength: 3 }),
    bom: fc.constantFrom('', '', '', '\uFEFF', '\uFEFF\uFEFF'),
    end: fc.constantFrom('', '\n', '\r\n'),
  })
  .map(({ rows, delimiter, newline: nl, odd, bom, end }) => {
    const lines = rows.map((cells) => cells.join(delimiter));
    for (const [at, extra] of odd) lines.splice(at % (lines.length + 1), 0, extra);
    return { text: bom + lines.join(nl) + end, delimiter };
  });

describe('fast CSV reading equals reading record by record', () => {
  it('rows, lines, warnings and errors', async () => {
    await fc.assert(
      fc.asyncProperty(csv, async ({ text, delimiter }) => {
        const data = new TextEncoder().encode(text);
        const decoded = decodeText(data).text;
        const expected = withMessages(referenceRead(decoded, delimiter), decoded.trim() === '');
        expect(await fastRead(data, delimiter)).toEqual(expected);
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it('the detected delimiter', () => {
    fc.assert(
      fc.property(csv, ({ text }) => {
        expect(detectDelimiter(text)).toBe(referenceDelimiter(text));
      }),
      { seed: SEED, numRuns: 800 },
    );
  });

  it('the line-ending guess, also past the first MiB and with quoted line breaks', () => {
    const handle = new (Papa as unknown as { ParserHandle: new (config: object) => { guessLineEndings(text: string, quote: string): string } }).ParserHandle({});
    const big = (line: string, count: number) => Array.from({ length: count }, () => line).join('');
    const texts = [
      'a;b\r\nc;d\r\n',
      'a;b\nc;d\r\n',
      'a;b\rc;d\r\ne\r',
      '"x\r\ny"\na\n',
      '"x\ny"\r\na\r\nb\r\n',
      '"open\r\nrest\n',
      `${big('a;b\r', 200_000)}${big('c;d\r\n', 400_000)}`,
      `${big('a;"b\n', 1)}${big('x;y\r\n', 300_000)}"\r\n`,
      '',
      'no line break',
    ];
    for (const text of texts) expect(guessLineEndings(text), JSON.stringify(text.slice(0, 40))).toBe(handle.guessLineEndings(text, '"'));
    fc.assert(
      fc.property(csv, ({ text }) => {
        expect(guessLineEndings(text)).toBe(handle.guessLineEndings(text, '"'));
      }),
      { seed: SEED, numRuns: 800 },
    );
  });
});

describe('fast decoding equals TextDecoder', () => {
  it('Windows-1252: every byte, and random byte strings', () => {
    for (let byte = 0; byte < 256; byte++) expect(decodeWindows1252(Uint8Array.of(byte))).toBe(new TextDecoder('windows-1252').decode(Uint8Array.of(byte)));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(decodeWindows1252(bytes)).toBe(new TextDecoder('windows-1252').decode(bytes));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('UTF-8 when TextDecoder accepts the bytes strictly, else Windows-1252', () => {
    const utf8ish = fc.array(fc.constantFrom(0x41, 0x20, 0xc3, 0xa4, 0xe2, 0x82, 0xac, 0xed, 0xa0, 0x80, 0xf0, 0x9f, 0x98, 0x80, 0xf4, 0x90, 0xc0, 0xaf, 0xff), {
      maxLength: 24,
    });
    fc.assert(
      fc.property(fc.oneof(utf8ish.map((bytes) => Uint8Array.from(bytes)), fc.uint8Array({ maxLength: 24 })), (bytes) => {
        let strict: string | undefined;
        try {
          strict = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          strict = undefined;
        }
        const decoded = decodeText(bytes);
        if (bytes[0] === 0xff && bytes[1] === 0xfe) expect(decoded.encoding).toBe('utf-16le');
        else if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) expect(decoded.encoding).toBe('utf-8');
        else if (strict !== undefined) expect(decoded).toEqual({ text: strict, encoding: 'utf-8' });
        else expect(decoded).toEqual({ text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' });
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });
});
