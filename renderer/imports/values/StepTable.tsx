import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatInteger } from '../../components/format.ts';
import { IssueList } from '../IssueList.tsx';
import type { FieldErrors, FileOptions, TablePreview } from './draft.ts';
import { FieldMessages, fieldAria } from './parts.tsx';

const SHOWN_ROWS = 12;
type Encoding = NonNullable<FileOptions['encoding']>;
type Delimiter = NonNullable<FileOptions['delimiter']>;
const ENCODINGS: readonly Encoding[] = ['utf-8', 'windows-1252', 'utf-16le'];
const DELIMITERS: readonly Delimiter[] = [';', ',', '\t', '|'];

export interface StepTableProps {
  preview: TablePreview;
  file: FileOptions;
  errors: FieldErrors;
  busy: boolean;
  /** New file options: the table is read again with them. */
  onFileOptions: (file: FileOptions) => void;
}

const asText = (n: number | undefined) => (n === undefined ? '' : String(n));
const asNumber = (text: string) => (text.trim() === '' ? undefined : Number(text.trim()));

/** Step 2: what was recognised, the table as read, and overrides for what was not. */
export function StepTable({ preview, file, errors, busy, onFileOptions }: StepTableProps) {
  const { t, i18n } = useTranslation();
  const ids = { sheet: useId(), encoding: useId(), delimiter: useId(), header: useId(), first: useId(), last: useId(), linesHint: useId() };
  const [headerRows, setHeaderRows] = useState(asText(file.headerRowCount));
  const [firstLine, setFirstLine] = useState(asText(file.firstDataLine));
  const [lastLine, setLastLine] = useState(asText(file.lastDataLine));
  const lang = i18n.language;
  const isCsv = preview.format === 'csv';

  function applyLines(event: FormEvent) {
    event.preventDefault();
    onFileOptions({ ...file, headerRowCount: asNumber(headerRows), firstDataLine: asNumber(firstLine), lastDataLine: asNumber(lastLine) });
  }

  function automatic() {
    setHeaderRows('');
    setFirstLine('');
    setLastLine('');
    onFileOptions({ ...file, headerRowCount: undefined, firstDataLine: undefined, lastDataLine: undefined });
  }

  const encodingName = (e: string) => (encodingKey(e) === 'other' ? e : t(`valuesWizard.table.encodings.${encodingKey(e)}`));
  const delimiterName = (d: string | null) => (d === null ? '–' : t(`valuesWizard.table.delimiters.${delimiterKey(d)}`));
  const shown = preview.sample.slice(0, SHOWN_ROWS);
  const width = Math.max(preview.header.length, ...shown.map((row) => row.cells.length));
  const columns = Array.from({ length: width }, (_, i) => preview.header[i] ?? t('valuesWizard.table.column', { n: i + 1 }));

  return (
    <div className="vw-step-body">
      <dl className="facts facts--inline" data-testid="values-wizard-recognised">
        <dt>{t('valuesWizard.table.format')}</dt>
        <dd>{preview.format.toUpperCase()}</dd>
        {isCsv ? (
          <>
            <dt>{t('valuesWizard.table.encoding')}</dt>
            <dd>{preview.encoding ? encodingName(preview.encoding) : '–'}</dd>
            <dt>{t('valuesWizard.table.delimiter')}</dt>
            <dd>{delimiterName(preview.delimiter)}</dd>
          </>
        ) : null}
        <dt>{t('valuesWizard.table.rows')}</dt>
        <dd>{formatInteger(preview.rowCount, lang)}</dd>
        <dt>{t('valuesWizard.table.header')}</dt>
        <dd>{preview.hasHeader ? t('valuesWizard.table.headerFound') : t('valuesWizard.table.headerNone')}</dd>
      </dl>
      <IssueList issues={preview.warnings} />

      <fieldset className="vw-fieldset" disabled={busy}>
        <legend>{t('valuesWizard.table.overrides')}</legend>
        <div className="vw-row">
          {preview.format === 'xlsx' && preview.sheets.length > 0 ? (
            <div className="field">
              <label htmlFor={ids.sheet}>{t('valuesWizard.table.sheet')}</label>
              <select
                id={ids.sheet}
                className="input"
                value={file.sheet ?? preview.sheets[0]}
                onChange={(e) => onFileOptions({ ...file, sheet: e.target.value, headerRowCount: undefined, firstDataLine: undefined, lastDataLine: undefined })}
              >
                {preview.sheets.map((sheet) => (
                  <option key={sheet} value={sheet}>
                    {sheet}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {isCsv ? (
            <>
              <div className="field">
                <label htmlFor={ids.encoding}>{t('valuesWizard.table.encoding')}</label>
                <select
                  id={ids.encoding}
                  className="input"
                  value={file.encoding ?? ''}
                  {...fieldAria(errors, 'file.encoding', ids.encoding)}
                  onChange={(e) => onFileOptions({ ...file, encoding: (e.target.value || undefined) as Encoding | undefined })}
                >
                  <option value="">{t('valuesWizard.table.auto')}</option>
                  {ENCODINGS.map((encoding) => (
                    <option key={encoding} value={encoding}>
                      {encodingName(encoding)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={ids.delimiter}>{t('valuesWizard.table.delimiter')}</label>
                <select
                  id={ids.delimiter}
                  className="input"
                  value={file.delimiter ?? ''}
                  onChange={(e) => onFileOptions({ ...file, delimiter: (e.target.value || undefined) as Delimiter | undefined })}
                >
                  <option value="">{t('valuesWizard.table.auto')}</option>
                  {DELIMITERS.map((d) => (
                    <option key={d} value={d}>
                      {delimiterName(d)}
                    </option>
                  ))}
                </select>
              </div>
            </>
          ) : null}
        </div>
        <form className="vw-row vw-lines" onSubmit={applyLines} noValidate>
          <div className="field">
            <label htmlFor={ids.header}>{t('valuesWizard.table.headerRows')}</label>
            <input
              id={ids.header}
              type="number"
              min={0}
              max={10}
              inputMode="numeric"
              className="input vw-number"
              placeholder={t('valuesWizard.table.auto')}
              value={headerRows}
              {...fieldAria(errors, 'file.headerRowCount', ids.header, ids.linesHint)}
              onChange={(e) => setHeaderRows(e.target.value)}
            />
            <FieldMessages id={`${ids.header}-error`} messages={errors['file.headerRowCount']} />
          </div>
          <div className="field">
            <label htmlFor={ids.first}>{t('valuesWizard.table.firstDataLine')}</label>
            <input
              id={ids.first}
              type="number"
              min={1}
              inputMode="numeric"
              className="input vw-number"
              placeholder={preview.sample[0] ? String(preview.sample[0].line) : t('valuesWizard.table.auto')}
              value={firstLine}
              {...fieldAria(errors, 'file.firstDataLine', ids.first, ids.linesHint)}
              onChange={(e) => setFirstLine(e.target.value)}
            />
            <FieldMessages id={`${ids.first}-error`} messages={errors['file.firstDataLine']} />
          </div>
          <div className="field">
            <label htmlFor={ids.last}>{t('valuesWizard.table.lastDataLine')}</label>
            <input
              id={ids.last}
              type="number"
              min={1}
              inputMode="numeric"
              className="input vw-number"
              placeholder={t('valuesWizard.table.auto')}
              value={lastLine}
              {...fieldAria(errors, 'file.lastDataLine', ids.last, ids.linesHint)}
              onChange={(e) => setLastLine(e.target.value)}
            />
            <FieldMessages id={`${ids.last}-error`} messages={errors['file.lastDataLine']} />
          </div>
          <div className="button-row vw-lines-buttons">
            <button type="submit" className="button">
              {t('valuesWizard.table.apply')}
            </button>
            <button type="button" className="button button--quiet" onClick={automatic}>
              {t('valuesWizard.table.automatic')}
            </button>
          </div>
        </form>
        <p className="hint" id={ids.linesHint}>
          {t('valuesWizard.table.linesHint')}
        </p>
      </fieldset>

      {preview.titleLines.length > 0 ? (
        <section className="vw-lines-box" aria-label={t('valuesWizard.table.titleLines')}>
          <h4 className="vw-subtitle">{t('valuesWizard.table.titleLines')}</h4>
          <ul className="vw-plain-list" data-testid="values-wizard-title-lines">
            {preview.titleLines.map((line, i) => (
              <li key={i}>{line || '–'}</li>
            ))}
          </ul>
        </section>
      ) : null}

      <div className="table-scroll vw-table-scroll" tabIndex={0} role="region" aria-label={t('valuesWizard.table.sampleLabel')}>
        <table className="data-table vw-sample" data-testid="values-wizard-sample">
          <caption>{t('valuesWizard.table.sampleCaption', { shown: shown.length, total: preview.rowCount })}</caption>
          <thead>
            <tr>
              <th scope="col" className="vw-line">
                {t('valuesWizard.table.line')}
              </th>
              {columns.map((name, i) => (
                <th key={i} scope="col">
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.line}>
                <th scope="row" className="vw-line">
                  {row.line}
                </th>
                {columns.map((_, i) => (
                  <td key={i}>{row.cells[i] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {preview.footnoteLines.length > 0 ? (
        <section className="vw-lines-box" aria-label={t('valuesWizard.table.footnoteLines')}>
          <h4 className="vw-subtitle">{t('valuesWizard.table.footnoteLines')}</h4>
          <ul className="vw-plain-list" data-testid="values-wizard-footnotes">
            {preview.footnoteLines.map((line, i) => (
              <li key={i}>{line || '–'}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function delimiterKey(d: string): 'semicolon' | 'comma' | 'tab' | 'pipe' | 'other' {
  return d === ';' ? 'semicolon' : d === ',' ? 'comma' : d === '\t' ? 'tab' : d === '|' ? 'pipe' : 'other';
}

function encodingKey(e: string): 'utf8' | 'windows1252' | 'utf16le' | 'other' {
  const n = e.toLowerCase().replace(/[^a-z0-9]/g, '');
  return n === 'utf8' || n === 'utf8bom' ? 'utf8' : n === 'windows1252' || n === 'cp1252' || n === 'latin1' ? 'windows1252' : n === 'utf16le' ? 'utf16le' : 'other';
}
