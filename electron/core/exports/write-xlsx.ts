import { CSV_HEADER, neutralise } from './write-csv.ts';
import type { ValueTableRow } from './value-table.ts';

/** The same table as an Excel workbook: real numbers, the indicator's decimals as number format. */
export async function valuesToXlsx(rows: ValueTableRow[]): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Quartiersatlas';
  const sheet = workbook.addWorksheet('Werte');
  sheet.addRow(CSV_HEADER).font = { bold: true };
  for (const row of rows) {
    const added = sheet.addRow([
      neutralise(row.unitCode), neutralise(row.unitName), row.period, neutralise(row.indicatorCode), neutralise(row.indicatorName), row.unit ?? '',
      row.value ?? (row.flag === 'suppressed' ? '.' : null), row.flag ?? '',
    ]);
    if (row.value !== null) added.getCell(7).numFmt = row.decimals > 0 ? `0.${'0'.repeat(row.decimals)}` : '0';
  }
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.columns.forEach((column) => (column.width = 18));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
