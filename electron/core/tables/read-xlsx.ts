import type ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import type { ImportIssue } from '../../../shared/import-issue.ts';
import { ImportFailed } from '../geo/types.ts';
import type { RawRow, RawTable, ReadTableOptions } from './types.ts';

/** Reads one worksheet of an .xlsx workbook: cells as displayed text, numbers as plain JS numbers. */
export async function readXlsx(file: string, data: Uint8Array, options: ReadTableOptions = {}): Promise<RawTable> {
  const fail = (message: string): never => {
    throw new ImportFailed([{ severity: 'error', file, message }]);
  };
  const entries = zipEntries(data);
  if (!entries) fail('Die Datei ist ein beschädigtes ZIP-Archiv und lässt sich nicht öffnen.');
  if (!entries?.includes('xl/workbook.xml')) {
    fail('Die Datei ist ein ZIP-Archiv, aber keine Excel-Arbeitsmappe (.xlsx). Bitte die Tabelle als .xlsx oder CSV speichern.');
  }

  // Loaded on demand: exceljs is large, and most deliveries are CSV.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own Buffer type (an ArrayBuffer); Node's Buffer is what it reads at run time.
    await workbook.xlsx.load(Buffer.from(data.buffer, data.byteOffset, data.byteLength) as unknown as ArrayBuffer);
  } catch {
    fail('Die Excel-Arbeitsmappe ist beschädigt und lässt sich nicht lesen.');
  }
  const sheets = workbook.worksheets.map((sheet) => sheet.name);
  const worksheet = options.sheet
    ? workbook.worksheets.find((sheet) => sheet.name === options.sheet)
    : (workbook.worksheets.find((sheet) => sheet.state === 'visible') ?? workbook.worksheets[0]);
  if (!worksheet) {
    return fail(
      options.sheet
        ? `Das Tabellenblatt „${options.sheet}“ fehlt. Vorhanden: ${sheets.map((name) => `„${name}“`).join(', ')}.`
        : 'Die Arbeitsmappe enthält kein Tabellenblatt.',
    );
  }

  const warnings: ImportIssue[] = [];
  const rows: RawRow[] = [];
  const width = worksheet.columnCount;
  worksheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    const numeric: boolean[] = [];
    for (let column = 1; column <= width; column++) {
      const cell = row.getCell(column);
      const shown = cellText(cell.value, cell.numFmt);
      if (shown.formulaWithoutResult) {
        warnings.push({
          severity: 'warning',
          file,
          line,
          field: cell.address,
          message: 'Die Zelle enthält eine Formel ohne gespeichertes Ergebnis; bitte die Datei in Excel öffnen, neu berechnen und speichern.',
        });
      }
      cells.push(shown.text);
      numeric.push(shown.numeric);
    }
    if (cells.some((text) => text !== '')) rows.push({ line, cells, numeric });
  });
  if (rows.length === 0) fail(`Das Tabellenblatt „${worksheet.name}“ ist leer.`);
  return { file, format: 'xlsx', sheet: worksheet.name, sheets, rows, warnings };
}

function zipEntries(data: Uint8Array): string[] | undefined {
  const names: string[] = [];
  try {
    // The filter sees every entry; returning false skips decompression, so this only lists names.
    unzipSync(data, {
      filter: (entry) => {
        names.push(entry.name);
        return false;
      },
    });
    return names;
  } catch {
    return undefined;
  }
}

interface ShownCell {
  text: string;
  numeric: boolean;
  formulaWithoutResult?: boolean;
}

/** Text of a cell value; numbers stay in JS notation, percent formats become "15.8%". */
export function cellText(value: ExcelJS.CellValue, numFmt: string | undefined): ShownCell {
  if (value === null || value === undefined) return { text: '', numeric: false };
  if (typeof value === 'number') {
    if (numFmt?.includes('%')) return { text: `${roundFloat(value * 100)}%`, numeric: true };
    return { text: String(value), numeric: true };
  }
  if (typeof value === 'string') return { text: value.trim(), numeric: false };
  if (typeof value === 'boolean') return { text: value ? 'WAHR' : 'FALSCH', numeric: false };
  if (value instanceof Date) return { text: isoDate(value), numeric: false };
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    if (result === undefined) return { text: '', numeric: false, formulaWithoutResult: true };
    if (typeof result === 'object' && result !== null && 'error' in result) return { text: String(result.error), numeric: false };
    return cellText(result as ExcelJS.CellValue, numFmt);
  }
  if ('richText' in value) return { text: value.richText.map((part) => part.text).join('').trim(), numeric: false };
  if ('text' in value) return { text: String(value.text).trim(), numeric: false };
  if ('error' in value) return { text: String(value.error), numeric: false };
  return { text: '', numeric: false };
}

/** Removes binary noise from a scaled float (0.158 * 100 → 15.8, not 15.800000000000001). */
function roundFloat(value: number): number {
  return Number(value.toPrecision(12));
}

function isoDate(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16);
}
