import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { MethodName, MethodOutput } from '../../shared/contract.ts';
import { ROOT, screenshot, useBrowserTests } from './support.ts';

/**
 * Issue 4's "done when" for the facility import, as a planner in Gelsenkirchen does it on an
 * empty database with the 18 Stadtteile: the 79 schools of the NRW school list through the
 * dialog "Einrichtungen importieren" (category from the Schulform column, translated into the default categories; Sozialindex kept as an
 * attribute), the counts per Stadtteil read from the Infrastruktur table, and the same file
 * again under another category, where every school is offered as a possible duplicate.
 * Screenshots of every step go to test-results/e2e/ (einrichtungen-import-*).
 */

const STADTTEILE = path.join(ROOT, 'test', 'fixtures', 'gelsenkirchen', 'Stadtteile_Gelsenkirchen_epsg3044.geojson');
const SCHOOLS = path.join(ROOT, 'test', 'fixtures', 'nrw', 'gelsenkirchen_schulen_subset_of_nrw_file.csv');

/** The known counts (test/fixtures/README.md). */
const KNOWN: Record<string, number> = {
  Buer: 15, Schalke: 10, 'Bulmke-Hüllen': 7, Beckhausen: 6, Erle: 5, Ückendorf: 5, Bismarck: 4, Horst: 4, Hassel: 4,
  Resse: 3, Rotthausen: 3, Altstadt: 3, Feldmark: 2, 'Resser Mark': 2, Scholven: 2, Neustadt: 2, Heßler: 1, 'Schalke-Nord': 1,
};

const e2e = useBrowserTests({ seedDemo: false });
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 });

async function call<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> {
  const result = await e2e.session.host.core.call(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as MethodOutput<M>;
}

async function openInfrastruktur(page: Page): Promise<void> {
  await page.goto(`http://127.0.0.1:${e2e.session.host.port}/?token=${encodeURIComponent(e2e.session.host.token)}`);
  await page.getByRole('navigation', { name: 'Bereiche' }).getByRole('button', { name: 'Infrastruktur' }).click();
  await page.getByTestId('facility-count').waitFor();
}

/** Opens the dialog and reads the schools file; returns the dialog. */
async function chooseSchools(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Einrichtungen importieren …' }).click();
  const dialog = page.getByTestId('facility-import-dialog');
  await dialog.getByLabel('Datei auswählen…').setInputFiles({ name: path.basename(SCHOOLS), mimeType: 'text/csv', buffer: fs.readFileSync(SCHOOLS) });
  await dialog.getByTestId('facility-import-file-summary').waitFor();
  return dialog;
}

/** Schulform → the default categories (Grundschule, Förderschule, Weiterführende Schule). */
const SCHULFORM: Record<string, string> = {
  'Förderschule Grund-/Hauptschule': 'Förderschule',
  Gymnasium: 'Weiterführende Schule',
  Gesamtschule: 'Weiterführende Schule',
  Hauptschule: 'Weiterführende Schule',
  Realschule: 'Weiterführende Schule',
  Sekundarschule: 'Weiterführende Schule',
  'Freie Waldorfschule': 'Weiterführende Schule',
  Berufskolleg: 'Weiterführende Schule',
  Weiterbildungskolleg: 'Weiterführende Schule',
};

/** Step 2: the category from the Schulform column, its texts translated into the default categories. */
async function categoriesFromSchulform(dialog: Locator): Promise<void> {
  await dialog.getByLabel('Kategorie aus einer Spalte der Datei').check();
  await dialog.getByLabel('Spalte mit der Kategorie').selectOption('Schulform');
  const table = dialog.getByTestId('facility-import-category-table');
  await poll(() => table.getByRole('row').count()).toBe(11);
  for (const [value, category] of Object.entries(SCHULFORM)) await table.getByLabel(`Kategorie für „${value}“`).selectOption(category);
}

const step = (dialog: Locator) => dialog.getByTestId('facility-import-step').textContent();
const next = (dialog: Locator) => dialog.getByTestId('facility-import-next').click();

/** Rows of the Infrastruktur table per unit ("Gebiet" column), as the planner reads them. */
async function countsPerUnit(page: Page): Promise<Record<string, number>> {
  const units = await page.getByTestId('facility-row').evaluateAll((rows) => {
    return rows.map((row) => {
      const table = row.closest('table')!;
      const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent?.trim() ?? '');
      const column = headers.findIndex((h) => h.startsWith('Gebiet'));
      return row.children[column]?.textContent?.trim() ?? '';
    });
  });
  const counts: Record<string, number> = {};
  for (const unit of units) counts[unit] = (counts[unit] ?? 0) + 1;
  return counts;
}

describe('facility import in the browser: the 79 Gelsenkirchen schools', () => {
  it('imports the schools through the dialog and counts them per Stadtteil in the table', async () => {
    await call('imports.units', {
      jobId: 'stadtteile',
      files: [{ name: path.basename(STADTTEILE), data: new Uint8Array(fs.readFileSync(STADTTEILE)) }],
      level: 'Stadtteil',
      codeField: 'id',
      nameField: 'stadttei00',
    });
    const { page } = e2e.current;
    await openInfrastruktur(page);
    await poll(() => page.getByTestId('facility-count').textContent()).toMatch(/^0 Einrichtungen/);

    // 1 · Datei
    const dialog = await chooseSchools(page);
    expect(await dialog.getByTestId('facility-import-file-summary').textContent()).toContain('Tabelle mit 79 Zeilen und 23 Spalten');
    await screenshot(page, 'einrichtungen-import-1-datei');
    await next(dialog);

    // 2 · Kategorie: from the Schulform column.
    await poll(() => step(dialog)).toBe('2 · Kategorie');
    await categoriesFromSchulform(dialog);
    await screenshot(page, 'einrichtungen-import-2-kategorie');
    await next(dialog);

    // 3 · Felder: suggestions filled in, Sozialindex kept as an attribute, the unit of the capacity typed.
    await poll(() => step(dialog)).toBe('3 · Felder');
    expect(await dialog.getByLabel('Breitengrad', { exact: true }).inputValue()).toBe('latitude');
    expect(await dialog.getByLabel('Längengrad', { exact: true }).inputValue()).toBe('longitude');
    expect(await dialog.getByTestId('facility-import-field-name-text').inputValue()).toBe('{Amtliche Bezeichnung 1} {Amtliche Bezeichnung 2}');
    expect(await dialog.getByTestId('facility-import-field-address-text').inputValue()).toBe('{Straße und Hausnummer}, {Postleitzahl} {Ort}');
    expect(await dialog.getByTestId('facility-import-field-id').inputValue()).toBe('Schulnummer');
    expect(await dialog.getByTestId('facility-import-field-capacity').inputValue()).toBe('Anzahl');
    await dialog.getByTestId('facility-import-field-capacityUnit').selectOption({ label: 'Fester Wert …' });
    await dialog.getByTestId('facility-import-field-capacityUnit-text').fill('Schüler:innen');
    const attributes = dialog.getByTestId('facility-import-attributes');
    expect(await attributes.getByLabel('Sozialindex').isChecked()).toBe(true);
    expect(await attributes.getByLabel('Schulform').count()).toBe(0);
    await screenshot(page, 'einrichtungen-import-3-felder');
    await next(dialog);

    // 4 · Vorschau
    await poll(() => step(dialog)).toBe('4 · Vorschau');
    expect(await dialog.getByTestId('facility-import-rows').textContent()).toBe('79');
    expect(await dialog.getByTestId('facility-import-valid').textContent()).toBe('79');
    expect(await dialog.getByTestId('facility-import-new').textContent()).toBe('79');
    expect(await dialog.getByTestId('facility-import-duplicate-count').textContent()).toBe('2');
    const categories = await dialog.getByTestId('facility-import-categories').textContent();
    expect(categories).toContain('Grundschule: 40');
    expect(categories).toContain('Förderschule: 10');
    expect(categories).toContain('Weiterführende Schule: 29');
    expect(await dialog.getByTestId('facility-import-records').getByRole('row').nth(1).textContent()).toContain('Gemeinschaftsgrundschule an der Ebersteinstraße');
    expect(await dialog.getByTestId('facility-import-record-unit').first().textContent()).toBe('Schalke');
    await screenshot(page, 'einrichtungen-import-4-vorschau');
    await next(dialog);

    // 5 · Dubletten: two pairs of schools share an address; both are kept, one decision each.
    await poll(() => step(dialog)).toBe('5 · Dubletten');
    const pairs = dialog.getByTestId('facility-import-duplicate');
    expect(await pairs.count()).toBe(2);
    expect(await dialog.getByTestId('facility-import-next').isDisabled()).toBe(true);
    await pairs.nth(0).getByLabel('Trotzdem importieren').check();
    await pairs.nth(1).getByLabel('Trotzdem importieren').check();
    await screenshot(page, 'einrichtungen-import-5-dubletten');
    await next(dialog);

    // 6 · Import
    await dialog.getByTestId('facility-import-result').waitFor({ timeout: 30_000 });
    expect(await dialog.getByTestId('facility-import-created').textContent()).toBe('79');
    await screenshot(page, 'einrichtungen-import-6-ergebnis');
    await dialog.getByTestId('facility-import-done').click();

    // The table refreshed (data.changed) and counts the schools per Stadtteil as the README says.
    await poll(() => page.getByTestId('facility-count').textContent()).toMatch(/^79 Einrichtungen/);
    expect(await countsPerUnit(page)).toEqual(KNOWN);
    await screenshot(page, 'einrichtungen-import-7-tabelle');

    // The Sozialindex came along as an attribute (a number).
    const row = page.getByTestId('facility-row').filter({ hasText: 'Gemeinschaftsgrundschule an der Ebersteinstraße' });
    const id = await row.getAttribute('data-facility-id');
    const school = await call('facilities.get', { id });
    expect(school.attributes['Sozialindex']).toBe(8);
    expect(school).toMatchObject({ capacity: 330, capacityUnit: 'Schüler:innen', address: 'Ebersteinstr. 2, 45881 Gelsenkirchen' });
  });

  it('offers every school as a possible duplicate when the file comes again under another category', async () => {
    const { page } = e2e.current;
    await openInfrastruktur(page);
    await poll(() => page.getByTestId('facility-count').textContent()).toMatch(/^79 Einrichtungen/);
    const dialog = await chooseSchools(page);
    await next(dialog);

    // The same mapping again: the schools are known (same Schulnummer) and would be updated, not doubled.
    await categoriesFromSchulform(dialog);
    await next(dialog);
    await next(dialog);
    await poll(() => step(dialog)).toBe('4 · Vorschau');
    expect(await dialog.getByText('Schon vorhanden (werden aktualisiert)').locator('xpath=following-sibling::dd[1]').textContent()).toBe('79');

    // Filed under one category "Schule" they are new records that resemble the stored ones.
    await dialog.getByTestId('facility-import-back').click();
    await dialog.getByTestId('facility-import-back').click();
    await poll(() => step(dialog)).toBe('2 · Kategorie');
    await dialog.getByLabel('Eine Kategorie für alle Zeilen').check();
    await dialog.getByLabel('Kategorie', { exact: true }).fill('Schule');
    await next(dialog);
    await next(dialog);
    await poll(() => step(dialog)).toBe('4 · Vorschau');
    expect(await dialog.getByTestId('facility-import-duplicate-count').textContent()).toBe('79');
    await next(dialog);
    await poll(() => step(dialog)).toBe('5 · Dubletten');
    expect(await dialog.getByTestId('facility-import-duplicate').count()).toBe(79);
    expect(await dialog.getByTestId('facility-import-duplicates-count').textContent()).toBe('79 Zeilen sind möglicherweise doppelt.');
    await screenshot(page, 'einrichtungen-import-8-dubletten-erneut');

    // Skip them all: nothing is written twice.
    await dialog.getByTestId('facility-import-skip-all').click();
    await next(dialog);
    await dialog.getByTestId('facility-import-result').waitFor({ timeout: 30_000 });
    expect(await dialog.getByTestId('facility-import-created').textContent()).toBe('0');
    expect(await dialog.getByTestId('facility-import-skipped').textContent()).toBe('79');
    await screenshot(page, 'einrichtungen-import-9-uebersprungen');
    await dialog.getByTestId('facility-import-done').click();
    await poll(() => page.getByTestId('facility-count').textContent()).toMatch(/^79 Einrichtungen/);
  });
  it('reads a GeoJSON point file through the same dialog and says which points lie outside every Stadtteil', async () => {
    const { page } = e2e.current;
    await openInfrastruktur(page);
    await page.getByRole('button', { name: 'Einrichtungen importieren …' }).click();
    const dialog = page.getByTestId('facility-import-dialog');
    const file = path.join(ROOT, 'resources', 'demo', 'flensburg', 'spielplaetze_flensburg.geojson');
    await dialog.getByLabel('Datei auswählen…').setInputFiles({ name: path.basename(file), mimeType: 'application/geo+json', buffer: fs.readFileSync(file) });
    await poll(() => dialog.getByTestId('facility-import-file-summary').textContent()).toContain('76 Punkte mit 3 Merkmalen');
    await next(dialog);
    await dialog.getByLabel('Kategorie', { exact: true }).fill('Spielplatz');
    await next(dialog);
    await poll(() => step(dialog)).toBe('3 · Felder');
    expect(await dialog.getByTestId('facility-import-position-lat').count()).toBe(0);
    await dialog.getByTestId('facility-import-field-name').selectOption('place');
    await next(dialog);
    await poll(() => step(dialog)).toBe('4 · Vorschau');
    expect(await dialog.getByTestId('facility-import-valid').textContent()).toBe('76');
    // Flensburg is far from Gelsenkirchen: the planner sees it before anything is written.
    expect(await dialog.getByTestId('facility-import-outside').textContent()).toBe('76 Einrichtungen liegen außerhalb aller Gebiete der Ebene „Stadtteil“.');
    await screenshot(page, 'einrichtungen-import-10-geojson-vorschau');
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    await poll(() => page.getByTestId('facility-count').textContent()).toMatch(/^79 Einrichtungen/);
  });
});
