import { useId, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatInteger, formatValue } from '../../components/format.ts';
import type { FacilityPreview } from './draft.ts';

/** Tables with coordinates, and point files (a Shapefile comes as .shp with .dbf/.shx/.prj, or zipped). */
export const ACCEPTED_FACILITY_FILES = '.csv,.txt,.xlsx,.geojson,.json,.zip,.shp,.dbf,.shx,.prj,.cpg,.gpkg,.kml,.kmz';
const SAMPLE_ROWS = 5;

/** Step 1: the file, and what main read from it (rows, columns, a few rows). */
export function StepFile({ fileNames, preview, busy, onFiles }: { fileNames: string[]; preview: FacilityPreview | null; busy: boolean; onFiles: (files: File[]) => void }) {
  const { t, i18n } = useTranslation();
  const ids = { file: useId(), chosen: useId(), hint: useId() };

  function chosen(event: ChangeEvent<HTMLInputElement>) {
    const files = event.target.files ? [...event.target.files] : [];
    // The same file again (e.g. after fixing it in Excel) must be read again.
    event.target.value = '';
    if (files.length > 0) onFiles(files);
  }

  const header = preview?.table ? preview.table.header : (preview?.fields ?? []);
  const rows: string[][] = preview?.table
    ? preview.table.sample.slice(0, SAMPLE_ROWS).map((row) => row.cells)
    : (preview?.sampleProperties ?? []).slice(0, SAMPLE_ROWS).map((properties) => header.map((f) => formatValue(properties[f])));
  return (
    <div className="vw-step-body">
      <div className="field">
        <div className="file-picker">
          <input
            id={ids.file}
            type="file"
            multiple
            accept={ACCEPTED_FACILITY_FILES}
            className="file-input visually-hidden"
            aria-describedby={`${ids.chosen} ${ids.hint}`}
            disabled={busy}
            onChange={chosen}
            data-testid="facility-import-file"
          />
          <label htmlFor={ids.file} className="button file-picker-button">
            {t('facilityImport.file.choose')}
          </label>
          <span id={ids.chosen} className="file-picker-chosen">
            {fileNames.length > 0 ? fileNames.join(', ') : t('facilityImport.file.none')}
          </span>
        </div>
        <p id={ids.hint} className="hint">
          {t('facilityImport.file.hint')}
        </p>
      </div>
      {preview ? (
        <div data-testid="facility-import-file-summary">
          <p className="notice notice--success">
            {t(preview.kind === 'table' ? 'facilityImport.file.recognisedTable' : 'facilityImport.file.recognisedPoints', {
              file: preview.file,
              rows: formatInteger(preview.result.rows, i18n.language),
              columns: formatInteger(preview.fields.length, i18n.language),
              crs: preview.sourceCrs,
            })}
          </p>
          <div className="table-scroll fi-sample" tabIndex={0} role="region" aria-label={t('facilityImport.file.sample')}>
            <table className="data-table">
              <caption className="visually-hidden">{t('facilityImport.file.sample')}</caption>
              <thead>
                <tr>
                  {header.map((column) => (
                    <th key={column} scope="col">
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((cells, index) => (
                  <tr key={index}>
                    {header.map((column, c) => (
                      <td key={column}>{cells[c] ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </div>
  );
}
