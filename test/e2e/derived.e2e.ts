import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedDevValues } from '../../scripts/dev-seed-values.ts';
import { DEMO_DIR, screenshot, useBrowserTests } from './support.ts';

/**
 * Derived indicators and aggregation end to end. The Flensburg demo has its statistics on the
 * Stadtteil level only, so a share is derived from the demo counts (checked against the CSV by
 * hand), and the aggregation from the statistical districts to the Stadtteile uses the development
 * values (scripts/dev-seed-values.ts), which exist on both levels.
 */

const EINWOHNER = 'Einwohnerinnen und Einwohner (Testdaten)';
/** Software WebGL and parallel builds make the page slow at times. */
const POLL = { timeout: 15_000 };
const KINDERARMUT = 'Kinderarmut (Testdaten)';

/** Sum of the districts' EINWOHNER 2021 per Stadtteil name, and the Stadtteile with a suppressed Kinderarmut district. */
let districtSums: Map<string, number>;
let suppressedParents: string[];

/** One cell of a demo statistics table, as the planner sees it in the CSV. */
function csvCell(file: string, stadtteil: string, column: string): number {
  const text = fs.readFileSync(path.join(DEMO_DIR, 'statistik', file), 'utf8');
  const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
  const row = rows.find((r) => Object.values(r).includes(stadtteil));
  if (!row?.[column]) throw new Error(`${file}: ${stadtteil}/${column} fehlt`);
  return Number(row[column].replace(/\./g, '').replace(',', '.'));
}

const e2e = useBrowserTests({
  // The development values go in after the demo, before the tests' host starts.
  prepare: (db) => {
    const { indicators } = seedDevValues(db.sqlite, db.path);
    const id = (code: string) => indicators.find((i) => i.code === code)!.id;
    const rows = db.sqlite
      .prepare(
        `SELECT p.name AS parent, sum(v.value) AS total FROM indicator_values v
         JOIN spatial_units u ON u.id = v.unit_id JOIN spatial_units p ON p.id = u.parent_id
         WHERE v.indicator_id = ? AND v.period = '2021' GROUP BY p.name`,
      )
      .all(id('EINWOHNER')) as Array<{ parent: string; total: number }>;
    districtSums = new Map(rows.map((r) => [r.parent, r.total]));
    suppressedParents = (
      db.sqlite
        .prepare(
          `SELECT DISTINCT p.name FROM indicator_values v JOIN spatial_units u ON u.id = v.unit_id JOIN spatial_units p ON p.id = u.parent_id
           WHERE v.indicator_id = ? AND v.flag = 'suppressed' ORDER BY p.name`,
        )
        .all(id('KINDERARMUT')) as Array<{ name: string }>
    ).map((r) => r.name);
  },
});

async function openIndikatoren(page: Page): Promise<void> {
  await page.goto(`http://127.0.0.1:${e2e.session.host.port}/?token=${encodeURIComponent(e2e.session.host.token)}`);
  await page.getByRole('navigation', { name: 'Bereiche' }).getByRole('button', { name: 'Indikatoren' }).click();
  await page.getByTestId('catalogue-list').getByRole('button').first().waitFor();
}

async function pick(page: Page, label: string, search: string, name: RegExp): Promise<void> {
  const input = page.getByRole('combobox', { name: label, exact: true });
  await input.click();
  await input.fill(search);
  await page.getByRole('option', { name }).click();
}

async function openIndicator(page: Page, name: string): Promise<void> {
  await page.getByTestId('catalogue-search').fill(name.slice(0, 14));
  await page.getByTestId('catalogue-list').getByRole('button', { name: new RegExp(name.replace(/[()*]/g, '\\$&')) }).click();
  await expect.poll(() => page.getByTestId('indicator-title').textContent(), POLL).toBe(name);
}

/** The value cell's number (an outlier marker, if any, is left off). */
const valueOf = async (page: Page, unit: string) => {
  const cell = page.getByTestId('unit-row').filter({ has: page.getByRole('rowheader', { name: unit, exact: true }) }).getByTestId('unit-value');
  return cell.evaluate((el) => [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim());
};

describe('Abgeleitete Indikatoren und Aggregation im Browser', () => {
  it('derives the SGB II share of all inhabitants through the dialog; Altstadt 2021 matches the CSV', async () => {
    const { page } = e2e.current;
    // By hand from the demo tables: SGB II 2021 / inhabitants 2021 (column „gesamt“) × 100.
    const sgb2 = csvCell('tab18_Anzahl_der_Regelleistungsberechtigten_nach_SGBII_-_Tabellenblatt1.csv', 'Altstadt', 'Anzahl_2021');
    const einwohner = csvCell('tab_1_einwohner_in_stadtteilen_2011_bis_2021.csv', 'Altstadt', 'gesamt');
    expect([sgb2, einwohner]).toEqual([475, 3866]);
    const expected = ((sgb2 / einwohner) * 100).toLocaleString('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    expect(expected).toBe('12,3');

    await openIndikatoren(page);
    await page.getByTestId('open-derive').click();
    const dialog = page.getByTestId('derive-dialog');
    await dialog.waitFor();
    await pick(page, 'Zähler', 'Regelleistungs', /^Regelleistungsberechtigte nach SGB II/);
    // Same indicator twice: said next to the field at once.
    await pick(page, 'Nenner (Bezugsgröße)', 'Regelleistungs', /^Regelleistungsberechtigte nach SGB II/);
    await expect.poll(() => dialog.getByTestId('derive-error-b').textContent(), POLL).toContain('Zähler und Nenner sind derselbe Indikator');
    await pick(page, 'Nenner (Bezugsgröße)', 'Einwohner*innen ins', /^Einwohner\*innen insgesamt/);
    await expect.poll(() => dialog.getByTestId('derive-error-b').count(), POLL).toBe(0);

    const altstadt = dialog.getByTestId('derive-preview-row').filter({ hasText: '01 Altstadt' });
    await expect.poll(() => altstadt.getByTestId('derive-preview-value').textContent(), POLL).toBe(`${expected} %`);
    expect(await dialog.getByTestId('derive-code').inputValue()).toBe('ANT_sgb2_anzahl_bev_gesamt');
    expect(await dialog.getByTestId('derive-unit').inputValue()).toBe('%');
    expect(await dialog.getByTestId('derive-summary').textContent()).toContain('Gespeichert werden 52 Werte (2018–2021).');
    await screenshot(page, 'abgeleiteter-indikator-dialog');
    await dialog.locator('.modal-body').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await screenshot(page, 'abgeleiteter-indikator-dialog-unten');

    await dialog.getByTestId('derive-save').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('indicator-title').textContent(), POLL).toBe('Anteil Regelleistungsberechtigte nach SGB II an Einwohner*innen insgesamt');
    await expect
      .poll(() => page.getByTestId('indicator-recipe').textContent(), POLL)
      .toBe('Berechnet: Regelleistungsberechtigte nach SGB II ÷ Einwohner*innen insgesamt × 100 Auf der Ebene Stadtteil; wird neu berechnet, wenn sich die Ausgangswerte ändern.');
    await page.getByTestId('indicator-period-select').selectOption('2021');
    await expect.poll(() => valueOf(page, '01 Altstadt'), POLL).toBe(expected);
    // The catalogue lists it with the suggested code.
    expect(await page.getByTestId('catalogue-list').textContent()).toContain('ANT_sgb2_anzahl_bev_gesamt');
    await screenshot(page, 'abgeleiteter-indikator-seite');

    // Deriving the same code again is refused next to the field.
    await page.getByTestId('open-derive').click();
    await pick(page, 'Zähler', 'Regelleistungs', /^Regelleistungsberechtigte nach SGB II/);
    await pick(page, 'Nenner (Bezugsgröße)', 'Einwohner*innen ins', /^Einwohner\*innen insgesamt/);
    await expect.poll(() => page.getByTestId('derive-error-code').textContent(), POLL).toBe('Das Kürzel „ANT_sgb2_anzahl_bev_gesamt“ hat schon ein anderer Indikator.');
    // Saving anyway: nothing is sent, the summary on top and the focus point at the field.
    await page.getByTestId('derive-save').click();
    await expect.poll(() => page.getByTestId('derive-fix-errors').textContent(), POLL).toBe('Bitte 1 Eingabe korrigieren.');
    await expect.poll(() => page.getByTestId('derive-code').evaluate((el) => el === document.activeElement), POLL).toBe(true);
    await screenshot(page, 'abgeleiteter-indikator-doppeltes-kuerzel');
  });

  it('sums inhabitants of the statistical districts to the Stadtteile and shows the new level', async () => {
    const { page } = e2e.current;
    await openIndikatoren(page);
    await openIndicator(page, EINWOHNER);
    await page.getByTestId('indicator-level').selectOption({ label: 'Statistischer Bezirk' });
    await page.getByTestId('indicator-period-select').selectOption('2021');
    await page.getByTestId('open-aggregate').click();
    const dialog = page.getByTestId('aggregate-dialog');
    expect(await dialog.getByRole('heading').first().textContent()).toBe('Auf die Ebene Stadtteil aggregieren');
    expect(await dialog.getByTestId('aggregate-method-sum').isChecked()).toBe(true);
    // The dev values exist on the Stadtteile too: the dialog says they are overwritten.
    await dialog.getByTestId('aggregate-overwrite').waitFor();
    await screenshot(page, 'aggregieren-dialog-summe');

    await dialog.getByTestId('aggregate-submit').click();
    const result = dialog.getByTestId('aggregate-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('Gespeichert: 65 Einträge (Gebiet × Zeitraum) auf der Ebene Stadtteil, 2017–2021.');
    expect(await result.textContent()).toContain('Alle Gebiete der Ebene Stadtteil haben einen Wert.');
    await screenshot(page, 'aggregieren-ergebnis-summe');
    await dialog.getByTestId('aggregate-close').click();

    await expect.poll(() => page.getByTestId('indicator-level').evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent), POLL).toBe('Stadtteil');
    await expect.poll(() => page.getByTestId('unit-row').count(), POLL).toBe(13);
    const sum = districtSums.get('01 Altstadt')!;
    expect(sum).toBeGreaterThan(0);
    await expect.poll(() => valueOf(page, '01 Altstadt'), POLL).toBe(sum.toLocaleString('de-DE'));
  });

  it('averages a rate with population weights and names the Stadtteile left without a value', async () => {
    const { page } = e2e.current;
    await openIndikatoren(page);
    await openIndicator(page, KINDERARMUT);
    await page.getByTestId('indicator-level').selectOption({ label: 'Statistischer Bezirk' });
    await page.getByTestId('open-aggregate').click();
    const dialog = page.getByTestId('aggregate-dialog');
    // A rate without a recipe: weighted mean, weighted by the inhabitants found in the catalogue.
    expect(await dialog.getByTestId('aggregate-method-weighted-mean').isChecked()).toBe(true);
    expect(await dialog.getByTestId('aggregate-weight').getByRole('combobox').inputValue()).toBe(EINWOHNER);
    await screenshot(page, 'aggregieren-dialog-gewichtet');
    await dialog.getByTestId('aggregate-submit').click();
    const warning = dialog.getByTestId('aggregate-incomplete');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('fehlten Werte von Untereinheiten');
    const listed = await warning.getByRole('listitem').allTextContents();
    expect(listed.map((l) => l.replace(/ \(.*\)$/, ''))).toEqual(suppressedParents);
    await screenshot(page, 'aggregieren-ergebnis-unvollstaendig');
    await dialog.getByTestId('aggregate-close').click();
    await expect.poll(() => page.getByTestId('indicator-level').evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent), POLL).toBe('Stadtteil');
    await expect.poll(() => valueOf(page, suppressedParents[0]!), POLL).toBe('–');
  });
});
