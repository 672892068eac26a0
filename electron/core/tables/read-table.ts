import { ImportFailed, type SourceFile } from '../geo/types.ts';
import { readCsv } from './read-csv.ts';
import { readXlsx } from './read-xlsx.ts';
import { sniffFormat } from './sniff-format.ts';
import type { RawTable, ReadTableOptions } from './types.ts';

/**
 * Reads a statistics table (CSV in any common German encoding/delimiter, or XLSX) into raw rows
 * with source line numbers. Structure (title, header, footnotes) is detected separately.
 * Throws ImportFailed when the file is not a table at all.
 */
export async function readTable(file: SourceFile, options: ReadTableOptions = {}): Promise<RawTable> {
  const sniffed = sniffFormat(file.data);
  switch (sniffed.kind) {
    case 'empty':
      throw new ImportFailed([{ severity: 'error', file: file.name, message: 'Die Datei ist leer.' }]);
    case 'unsupported':
      throw new ImportFailed([
        {
          severity: 'error',
          file: file.name,
          message: `Die Datei ist keine Tabelle (CSV oder XLSX), sondern ${sniffed.what}. Bitte die Statistik als CSV oder .xlsx speichern.`,
        },
      ]);
    case 'zip':
      return readXlsx(file.name, file.data, options);
    case 'csv':
      return readCsv(file.name, file.data, options);
  }
}
