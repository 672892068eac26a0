import type { ImportIssue } from '../../../shared/import-issue.ts';

export type TableEncoding = 'utf-8' | 'windows-1252' | 'utf-16le';

export interface ReadTableOptions {
  /** XLSX: sheet name; default is the first visible sheet. */
  sheet?: string;
  /** CSV: overrides the detected encoding. */
  encoding?: TableEncoding;
  /** CSV: overrides the detected delimiter. */
  delimiter?: string;
}

export interface RawRow {
  /** 1-based source line (CSV, the line the record starts on) or worksheet row (XLSX). */
  line: number;
  /** Cell texts; trailing empty cells are kept as the source has them. */
  cells: string[];
  /**
   * XLSX only: `numeric[i]` is true when cells[i] is a JS number written with '.' as decimal
   * point (optionally with a trailing '%'), so it must not be re-read German-style.
   */
  numeric?: boolean[];
}

export interface RawTable {
  file: string;
  format: 'csv' | 'xlsx';
  /** XLSX: the sheet read and all sheet names. */
  sheet?: string;
  sheets?: string[];
  /** CSV: detected or forced encoding and delimiter. */
  encoding?: TableEncoding;
  delimiter?: string;
  /** Non-blank rows only; blank lines are dropped but the line numbers keep the gaps. */
  rows: RawRow[];
  /** Problems that did not stop reading (e.g. a formula without a stored result). */
  warnings: ImportIssue[];
}

export interface StructureOverrides {
  /** Number of header rows directly above the data; 0 = the file has no header row. */
  headerRowCount?: number;
  /** Source line of the first data row. */
  firstDataLine?: number;
  /** Source line of the last data row (everything below counts as footnote). */
  lastDataLine?: number;
}

export interface TableStructure {
  hasHeader: boolean;
  /** One name per column; generated "Spalte n" where the file has none. Unique. */
  header: string[];
  headerLines: number[];
  titleLines: number[];
  footnoteLines: number[];
  dataRows: RawRow[];
}
