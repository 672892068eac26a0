import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldText } from '../../../shared/facility-mapping.ts';
import { CRS_CHOICES, MAPPED_FIELDS, firstRowCell, usedColumns, type Draft, type FacilityPreview } from './draft.ts';
import { FieldSourceInput } from './FieldSourceInput.tsx';

/** Step 3: position (lat/lon or x/y with CRS), the facility fields, and which other columns stay as attributes. */
export function StepFields({ draft, update, preview, missing }: { draft: Draft; update: (change: (d: Draft) => Draft) => void; preview: FacilityPreview; missing: readonly string[] }) {
  const { t } = useTranslation();
  const ids = { type: useId(), crs: useId(), crsList: useId(), fileCrs: useId() };
  const columns = preview.fields;
  const p = draft.position;
  const used = usedColumns(draft, preview.kind);
  const free = columns.filter((c) => !used.has(c));
  const cell = firstRowCell(preview);
  const setPosition = (change: Partial<Draft['position']>) => update((d) => ({ ...d, position: { ...d.position, ...change } }));
  const columnSelect = (key: 'lon' | 'lat' | 'x' | 'y') => (
    <div className="field fi-field">
      <label htmlFor={`${ids.type}-${key}`}>{t(`facilityImport.position.${key}`)}</label>
      <select id={`${ids.type}-${key}`} className="input" value={p[key]} onChange={(e) => setPosition({ [key]: e.target.value })} aria-invalid={(missing.includes(p.type) && !p[key]) || undefined} data-testid={`facility-import-position-${key}`}>
        <option value="">{t('facilityImport.noColumn')}</option>
        {columns.map((column) => (
          <option key={column} value={column}>
            {column}
          </option>
        ))}
      </select>
    </div>
  );
  const crsChoices = (
    <datalist id={ids.crsList}>
      {CRS_CHOICES.map((c) => (
        <option key={c.code} value={c.code}>
          {c.label}
        </option>
      ))}
    </datalist>
  );
  return (
    <div className="vw-step-body">
      <fieldset className="vw-fieldset">
        <legend>{t('facilityImport.position.legend')}</legend>
        {preview.kind === 'table' ? (
          <>
            <div className="vw-radios vw-radios--inline">
              <label className="vw-radio">
                <input type="radio" name={ids.type} checked={p.type === 'lonlat'} onChange={() => setPosition({ type: 'lonlat' })} />
                <span>{t('facilityImport.position.lonlat')}</span>
              </label>
              <label className="vw-radio">
                <input type="radio" name={ids.type} checked={p.type === 'xy'} onChange={() => setPosition({ type: 'xy' })} data-testid="facility-import-position-xy" />
                <span>{t('facilityImport.position.xy')}</span>
              </label>
            </div>
            <div className="fi-grid">
              {p.type === 'lonlat' ? (
                <>
                  {columnSelect('lat')}
                  {columnSelect('lon')}
                </>
              ) : (
                <>
                  {columnSelect('x')}
                  {columnSelect('y')}
                  <div className="field fi-field">
                    <label htmlFor={ids.crs}>{t('facilityImport.position.crs')}</label>
                    <input id={ids.crs} type="text" className="input mono" list={ids.crsList} placeholder="EPSG:25832" value={p.crs} aria-invalid={missing.includes('crs') || undefined} onChange={(e) => setPosition({ crs: e.target.value })} data-testid="facility-import-crs" />
                    {crsChoices}
                  </div>
                </>
              )}
            </div>
          </>
        ) : (
          <div className="field fi-field">
            <p className="hint">{t('facilityImport.position.fromFile', { crs: preview.sourceCrs })}</p>
            <label htmlFor={ids.fileCrs}>{t('facilityImport.position.fileCrs')}</label>
            <input id={ids.fileCrs} type="text" className="input input--compact mono" list={ids.crsList} placeholder="EPSG:25832" value={draft.fileCrs} onChange={(e) => update((d) => ({ ...d, fileCrs: e.target.value }))} />
            {crsChoices}
          </div>
        )}
      </fieldset>

      <fieldset className="vw-fieldset">
        <legend>{t('facilityImport.fields.legend')}</legend>
        <div className="fi-grid">
          {MAPPED_FIELDS.map((field) => (
            <FieldSourceInput
              key={field}
              label={t(`facilityImport.fields.${field}`)}
              value={draft.fields[field]}
              columns={columns}
              example={draft.fields[field].mode === 'template' ? fieldText({ template: draft.fields[field].text || ' ' }, cell) : undefined}
              onChange={(value) => update((d) => ({ ...d, fields: { ...d.fields, [field]: value } }))}
              testId={`facility-import-field-${field}`}
            />
          ))}
        </div>
        <p className="hint">{t('facilityImport.fields.hint')}</p>
      </fieldset>

      <fieldset className="vw-fieldset" data-testid="facility-import-attributes">
        <legend>{t('facilityImport.attributes.legend')}</legend>
        {free.length === 0 ? (
          <p className="hint">{t('facilityImport.attributes.none')}</p>
        ) : (
          <>
            <p className="hint">{t('facilityImport.attributes.hint')}</p>
            <div className="button-row">
              <button type="button" className="button button--small" onClick={() => update((d) => ({ ...d, attributes: [...new Set([...d.attributes, ...free])] }))}>
                {t('facilityImport.attributes.all')}
              </button>
              <button type="button" className="button button--small" onClick={() => update((d) => ({ ...d, attributes: [] }))}>
                {t('facilityImport.attributes.clear')}
              </button>
            </div>
            <ul className="fi-attributes">
              {free.map((column) => (
                <li key={column}>
                  <label className="checkbox-row">
                    <input
                      type="checkbox"
                      checked={draft.attributes.includes(column)}
                      onChange={(e) => update((d) => ({ ...d, attributes: e.target.checked ? [...d.attributes, column] : d.attributes.filter((a) => a !== column) }))}
                    />
                    {column}
                  </label>
                </li>
              ))}
            </ul>
          </>
        )}
      </fieldset>
    </div>
  );
}
