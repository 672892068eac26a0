import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_DIR, screenshot, useBrowserTests } from './support.ts';

/**
 * The yearly delivery through the values wizard, in headless Chromium against the real loopback
 * host on the Flensburg demo: a German-Excel CSV (Windows-1252, title line, ";", decimal comma,
 * thousands dots, a total row, a footnote) becomes the 2022 values of two catalogue indicators.
 */

const ROWS: Array<[string, string, string]> = [
  ['Altstadt', '481', '13,6'],
  ['Neustadt', '1.131', '25,1'],
  ['Nordstadt', '2.105', '19,8'],
  ['Westl. Höhe', '741', '11,9'],
  ['Friesischer Berg', '655', '9,9'],
  ['Weiche', '512', '8,2'],
  ['Südstadt', '1.020', '18,1'],
  ['Sandberg', '650', '11,4'],
  ['Jürgensby', '1.088', '15,3'],
  ['Fruerlund', '790', '14,2'],
  ['Mürwik', '1.502', '13,1'],
  ['Engelsby', '715', '12,0'],
  ['Tarup', '110', '2,3'],
  ['Stadt insgesamt', '11.490', '14,9'],
];
const CSV_TEXT = [
  'Regelleistungsberechtigte nach SGB II in den Stadtteilen 2022',
  '',
  'Stadtteil;Anzahl_2022;Anteil_in_%_2022',
  ...ROWS.map((row) => row.join(';')),
  '',
  'Quelle: Statistik der Bundesagentur für Arbeit; Stand 31.12.2022',
  '',
].join('\r\n');
/** Windows-1252: for ASCII and the umlauts used here the same bytes as Latin-1. */
const CSV = Buffer.from(CSV_TEXT, 'latin1');

const e2e = useBrowserTests();

async function openIndikatoren(page: Page): Promise<void> {
  await page.goto(`http://127.0.0.1:${e2e.session.host.port}/?token=${encodeURIComponent(e2e.session.host.token)}`);
  await page.getByRole('navigation', { name: 'Bereiche' }).getByRole('button', { name: 'Indikatoren' }).click();
  await page.getByTestId('catalogue-list').getByRole('button').first().waitFor();
}

const step = (page: Page) => page.getByTestId('values-wizard-step');
/** Previews and imports run in a worker thread in main: allow for its start. */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 });

async function chooseIndicator(page: Page, column: string, code: string): Promise<void> {
  const combo = page.getByRole('combobox', { name: `Indikator für Spalte „${column}“` });
  await combo.click();
  await combo.fill(code);
  await combo.press('Enter');
  await poll(() => combo.inputValue()).toMatch(new RegExp(`\\(${code}\\)$`));
}

describe('Werte-Import im Browser', () => {
  it('imports a Windows-1252 Excel CSV step by step; the values land in the catalogue', async () => {
    const { page } = e2e.current;
    // Tall enough that each step fits on one screenshot.
    await page.setViewportSize({ width: 1366, height: 1200 });
    await openIndikatoren(page);
    const periodsBefore = await page.getByTestId('catalogue-list').getByRole('button', { name: /Anteil der Regelleistungsberechtigten/ }).textContent();
    expect(periodsBefore).toContain('2018–2021');

    await screenshot(page, 'werte-import-0-indikatoren');
    await page.getByRole('button', { name: 'Werte importieren…' }).click();
    const dialog = page.getByTestId('values-wizard');
    await dialog.waitFor({ state: 'visible' });
    expect(await step(page).textContent()).toBe('1 · Datei');

    // 1 Datei
    await dialog.getByLabel('Datei auswählen…').setInputFiles({ name: 'sgb2_stadtteile_2022.csv', mimeType: 'text/csv', buffer: CSV });
    await poll(() => dialog.getByTestId('values-wizard-file-summary').textContent()).toContain('14 Datenzeilen');
    await screenshot(page, 'werte-import-1-datei');
    await dialog.getByTestId('values-wizard-next').click();

    // 2 Tabelle: what was recognised
    await poll(() => step(page).textContent()).toBe('2 · Tabelle');
    const recognised = await dialog.getByTestId('values-wizard-recognised').textContent();
    expect(recognised).toContain('Windows-1252');
    expect(recognised).toContain('Semikolon (;)');
    expect(await dialog.getByTestId('values-wizard-title-lines').textContent()).toBe('Regelleistungsberechtigte nach SGB II in den Stadtteilen 2022');
    expect(await dialog.getByTestId('values-wizard-footnotes').textContent()).toContain('Quelle: Statistik der Bundesagentur für Arbeit');
    const sample = dialog.getByTestId('values-wizard-sample');
    expect(await sample.getByRole('columnheader').allTextContents()).toEqual(['Zeile', 'Stadtteil', 'Anzahl_2022', 'Anteil_in_%_2022']);
    expect(await sample.getByRole('row').filter({ hasText: 'Jürgensby' }).textContent()).toBe('12Jürgensby1.08815,3');
    await screenshot(page, 'werte-import-2-tabelle');
    await dialog.getByTestId('values-wizard-next').click();

    // 3 Spalten: wide, by name, onto the Stadtteile; years prefilled from the headers
    await poll(() => step(page).textContent()).toBe('3 · Spalten');
    expect(await dialog.getByRole('radio', { name: /Breitformat/ }).isChecked()).toBe(true);
    expect(await dialog.getByLabel('Gebietsspalte').inputValue()).toBe('Stadtteil');
    await dialog.getByLabel('Abgleich über').selectOption('name');
    expect(await dialog.getByLabel('Zielebene').inputValue()).toBe('stadtteil');
    expect(await dialog.getByLabel('Zeitraum für Spalte „Anzahl_2022“').inputValue()).toBe('2022');
    await chooseIndicator(page, 'Anzahl_2022', 'sgb2_anzahl');
    // Search by name; the list shows the catalogue's matches.
    const anteil = dialog.getByRole('combobox', { name: 'Indikator für Spalte „Anteil_in_%_2022“' });
    await anteil.click();
    await anteil.fill('Anteil der Regel');
    await page.getByRole('option', { name: /Anteil der Regelleistungsberechtigten nach SGB II/ }).waitFor();
    await screenshot(page, 'werte-import-3-spalten-suche');
    await anteil.press('Enter');
    await poll(() => anteil.inputValue()).toBe('Anteil der Regelleistungsberechtigten nach SGB II (sgb2_anteil)');
    await screenshot(page, 'werte-import-3-spalten');
    await dialog.getByTestId('values-wizard-next').click();

    // 4 Gebiete: the total row and the abbreviation need a hand
    await poll(() => step(page).textContent()).toBe('4 · Gebiete');
    const unmatched = dialog.getByTestId('values-wizard-unmatched');
    const raws = await unmatched.getByRole('rowheader').allTextContents();
    expect(raws).toContain('Stadt insgesamt');
    expect(raws).not.toContain('Jürgensby');
    await screenshot(page, 'werte-import-4-gebiete');
    if (raws.includes('Westl. Höhe')) await dialog.getByLabel('Gebiet für „Westl. Höhe“').selectOption({ label: '04 Westliche Höhe (STGT04)' });
    await dialog.getByLabel('Gebiet für „Stadt insgesamt“').selectOption({ label: 'kein Gebiet (Zeile überspringen)' });
    await dialog.getByTestId('values-wizard-next').click();

    // 5 Prüfen
    await poll(() => step(page).textContent()).toBe('5 · Prüfen');
    await poll(() => dialog.getByTestId('values-wizard-ready').textContent()).toBe('Bereit: 26 Werte können importiert werden.');
    const counts = dialog.getByTestId('values-wizard-counts');
    expect(await counts.locator('[data-count="validRows"]').textContent()).toBe('13');
    expect(await counts.locator('[data-count="skippedRows"]').textContent()).toBe('1');
    expect(await counts.locator('[data-count="periods"]').textContent()).toBe('2022');
    const values = dialog.getByTestId('values-wizard-values');
    expect(await values.getByRole('row').filter({ hasText: 'Anzahl_2022' }).first().textContent()).toContain('01 Altstadt (STGT01)');
    await dialog.getByLabel('Zuordnung speichern als …').fill('SGB II Stadtteile (Jobcenter)');
    await dialog.getByRole('button', { name: 'Zuordnung speichern' }).click();
    await poll(() => dialog.getByTestId('values-wizard-saved').textContent()).toBe('Gespeichert als „SGB II Stadtteile (Jobcenter)“.');
    await screenshot(page, 'werte-import-5-pruefen');
    await dialog.getByTestId('values-wizard-next').click();

    // 6 Import
    const result = dialog.getByTestId('values-wizard-result');
    await result.waitFor({ state: 'visible' });
    expect(await step(page).textContent()).toBe('6 · Import');
    expect(await result.locator('[data-count="values"]').textContent()).toBe('26');
    expect(await result.locator('[data-count="created"]').textContent()).toBe('26');
    await screenshot(page, 'werte-import-6-ergebnis');
    await dialog.getByRole('button', { name: 'Fertig' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The catalogue now runs to 2022, and the indicator page ranks the 2022 values.
    const item = page.getByTestId('catalogue-list').getByRole('button', { name: /Anteil der Regelleistungsberechtigten/ });
    await poll(() => item.textContent()).toContain('2018–2022');
    await item.click();
    await page.getByTestId('indicator-level').selectOption({ label: 'Stadtteil' });
    await page.getByTestId('indicator-period-select').selectOption('2022');
    const ranking = page.getByTestId('ranking-row');
    await poll(() => ranking.count()).toBe(13);
    expect(await ranking.first().getAttribute('aria-label')).toBe('Rang 1: 02 Neustadt, 25,1 %');
    expect(await ranking.last().getAttribute('aria-label')).toBe('Rang 13: 13 Tarup, 2,3 %');
    await screenshot(page, 'werte-import-7-rangfolge-2022');

    // Next year the saved mapping is offered and checks the file at once.
    await page.getByRole('button', { name: 'Werte importieren…' }).click();
    await dialog.getByLabel('Gespeicherte Zuordnung').selectOption({ label: 'SGB II Stadtteile (Jobcenter)' });
    await dialog.getByLabel('Datei auswählen…').setInputFiles({ name: 'sgb2_stadtteile_2022.csv', mimeType: 'text/csv', buffer: CSV });
    await poll(() => step(page).textContent()).toBe('5 · Prüfen');
    await poll(() => dialog.getByTestId('values-wizard-ready').textContent()).toBe('Bereit: 26 Werte können importiert werden.');
    await screenshot(page, 'werte-import-8-gespeicherte-zuordnung');
    // A change by hand makes Esc ask before it throws the work away.
    await dialog.getByRole('radio', { name: /Nur gültige Zeilen importieren/ }).check();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Import abbrechen?' }).waitFor();
    await screenshot(page, 'werte-import-9-abbrechen');
    await page.getByRole('button', { name: 'Verwerfen und schließen' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('the demo table again: one rule per column family, keys; a re-delivery changes nothing', async () => {
    const { page } = e2e.current;
    await page.setViewportSize({ width: 1366, height: 1200 });
    await openIndikatoren(page);
    const name = 'tab18_Anzahl_der_Regelleistungsberechtigten_nach_SGBII_-_Tabellenblatt1.csv';
    const buffer = fs.readFileSync(path.join(DEMO_DIR, 'statistik', name));
    await page.getByRole('button', { name: 'Werte importieren…' }).click();
    const dialog = page.getByTestId('values-wizard');
    await dialog.getByLabel('Datei auswählen…').setInputFiles({ name, mimeType: 'text/csv', buffer });
    await dialog.getByTestId('values-wizard-file-summary').waitFor();
    await dialog.getByTestId('values-wizard-next').click();
    expect(await dialog.getByTestId('values-wizard-recognised').textContent()).toContain('Komma (,)');
    await dialog.getByTestId('values-wizard-next').click();
    await poll(() => step(page).textContent()).toBe('3 · Spalten');
    await dialog.getByLabel('Gebietsspalte').selectOption('Stadtteil_ID');
    await dialog.getByLabel('Abgleich über').selectOption('key');
    await chooseIndicator(page, 'Anzahl_2018', 'sgb2_anzahl');
    await dialog.getByRole('button', { name: 'Gleiche Regel für alle Spalten wie „Anzahl_2018“ (4 Spalten)' }).click();
    await chooseIndicator(page, 'Anteil_in_%_2018', 'sgb2_anteil');
    await dialog.getByRole('button', { name: 'Gleiche Regel für alle Spalten wie „Anteil_in_%_2018“ (4 Spalten)' }).click();
    const patterns = dialog.getByTestId('values-wizard-patterns');
    expect(await patterns.locator('code').allTextContents()).toEqual(['^Anzahl_(\\d{4})$', '^Anteil_in_%_(\\d{4})$']);
    expect(await dialog.getByTestId('values-wizard-columns').getByRole('row').filter({ hasText: 'Anteil_in_%_2020' }).textContent()).toContain('über Regel: sgb2_anteil');
    await screenshot(page, 'werte-import-regeln-fuer-spalten');
    await dialog.getByTestId('values-wizard-next').click();
    await poll(() => step(page).textContent()).toBe('4 · Gebiete');
    expect(await dialog.getByTestId('values-wizard-units-ok').textContent()).toContain('Alle Gebiete');
    await dialog.getByTestId('values-wizard-next').click();
    await poll(() => dialog.getByTestId('values-wizard-ready').textContent()).toBe('Bereit: 104 Werte können importiert werden.');
    expect(await dialog.getByTestId('values-wizard-unused').textContent()).toContain('„Stadtteil“');
    await dialog.getByTestId('values-wizard-next').click();
    const result = dialog.getByTestId('values-wizard-result');
    await result.waitFor({ state: 'visible' });
    expect(await result.locator('[data-count="unchanged"]').textContent()).toBe('104');
    expect(await result.locator('[data-count="created"]').textContent()).toBe('0');
    await screenshot(page, 'werte-import-erneute-lieferung');
  });

  it('a faulty file is refused as a whole: every issue listed, nothing changed', async () => {
    const { page } = e2e.current;
    await page.setViewportSize({ width: 1366, height: 1200 });
    await openIndikatoren(page);
    const faulty = Buffer.from(
      ['Stadtteil;Anteil_2023', '01 Altstadt;13,6', '02 Neustadt;viel', '03 Nordstadt;19,8', '09 Jürgensby;1.2.3', ''].join('\r\n'),
      'latin1',
    );
    await page.getByRole('button', { name: 'Werte importieren…' }).click();
    const dialog = page.getByTestId('values-wizard');
    await dialog.getByLabel('Datei auswählen…').setInputFiles({ name: 'fehlerhaft.csv', mimeType: 'text/csv', buffer: faulty });
    await dialog.getByTestId('values-wizard-file-summary').waitFor();
    await dialog.getByTestId('values-wizard-next').click();
    await dialog.getByTestId('values-wizard-next').click();
    await chooseIndicator(page, 'Anteil_2023', 'sgb2_anteil');
    await dialog.getByTestId('values-wizard-next').click();
    await poll(() => step(page).textContent()).toBe('4 · Gebiete');
    await dialog.getByTestId('values-wizard-next').click();
    await poll(() => step(page).textContent()).toBe('5 · Prüfen');
    const issues = dialog.getByTestId('values-wizard-issues');
    await issues.waitFor();
    const texts = await issues.getByRole('listitem').allTextContents();
    expect(texts.some((t) => t.includes('Zeile 3') && t.includes('Anteil_2023')), texts.join('\n')).toBe(true);
    expect(texts.some((t) => t.includes('Zeile 5') && t.includes('Anteil_2023')), texts.join('\n')).toBe(true);
    expect(await dialog.getByTestId('values-wizard-next').isDisabled()).toBe(true);
    await screenshot(page, 'werte-import-fehler-pruefen');
  });
});
