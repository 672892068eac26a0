import { useTranslation } from 'react-i18next';
import { FilePicker } from '../../components/FilePicker.tsx';
import { formatInteger, formatValue } from '../../components/format.ts';
import type { FacilityPreview } from './draft.ts';

/** Tables with coordinates, and point files (a Shapefile comes as .shp with .dbf/.shx/.prj, or zipped). */
export const ACCEPTED_FACILITY_FILES = '.csv,.txt,.xlsx,.geojson,.json,.zip,.shp,.dbf,.shx,.prj,.cpg,.gpkg,.kml,.kmz';
const SAMPLE_ROWS = 5;

/** Step 1: the file, and what main read from it (rows, columns, a few rows). */
export function StepFile({ fileNames, preview, busy, onFiles }: { fileNames: string[]; preview: FacilityPreview | null; busy: boolean; onFiles: (files: File[]) => void }) {
  const { t, i18n } = useTranslation();
  const header = preview?.table ? preview.table.header : (preview?.fields ?? []);
  const rows: string[][] = preview?.table
    ? preview.table.sample.slice(0, SAMPLE_ROWS).map((row) => row.cells)
    : (preview?.sampleProperties ?? []).slice(0, SAMPLE_ROWS).map((properties) => header.map((f) => formatValue(properties[f])));
  return (
    <div className="vw-step-body">
      <FilePicker
        accept={ACCEPTED_FACILITY_FILES}
        multiple
        disabled={busy}
        chooseLabel={t('facilityImport.file.choose')}
        chosen={fileNames.length > 0 ? fileNames.join(', ') : t('facilityImport.file.none')}
        hint={t('facilityImport.file.hint')}
        testId="facility-import-file"
        onFiles={onFiles}
      />
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
