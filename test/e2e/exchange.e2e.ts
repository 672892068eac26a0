import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { canonicalDump } from '../../electron/core/exchange/canonical-dump.ts';
import { startWebHost } from '../../electron/web/host.ts';
import type { MethodName, MethodOutput } from '../../shared/contract.ts';
import { fitToFacilities, openRecordedPage, screenshot, startSession, waitForRendered, type E2eSession, type RecordedPage } from './support.ts';

/**
 * Two laptops' worth of work merged through the UI (issue 5): two web hosts on two Flensburg demo
 * databases, one Chromium. Both edit (one field on both), swap files through "Austausch", see the
 * same conflict, resolve it on one, swap again: the databases are identical (canonical dump).
 */

let anna: E2eSession;
let ben: E2eSession;
const pages: RecordedPage[] = [];

beforeAll(async () => {
  anna = await startSession();
  const benDir = path.join(anna.dir, 'ben');
  const benHost = await startWebHost({ dbPath: path.join(benDir, 'quartiersatlas.sqlite'), seedDemo: true, checkOutputs: true });
  ben = { host: benHost, browser: anna.browser, dir: benDir, close: () => benHost.close() };
}, 240_000);

afterAll(async () => {
  await ben?.close();
  await anna?.close();
});

afterEach(async () => {
  for (const page of pages.splice(0)) {
    const { foreignRequests, pageErrors } = page;
    await page.close();
    expect(foreignRequests, 'Anfragen an andere Rechner als 127.0.0.1').toEqual([]);
    expect(pageErrors, 'Fehler in der Seite').toEqual([]);
  }
});

async function call<M extends MethodName>(session: E2eSession, method: M, input: unknown): Promise<MethodOutput<M>> {
  const result = await session.host.core.call(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as MethodOutput<M>;
}

async function open(session: E2eSession): Promise<Page> {
  const recorded = await openRecordedPage(session);
  pages.push(recorded);
  const { page } = recorded;
  await page.goto(`http://127.0.0.1:${session.host.port}/?token=${encodeURIComponent(session.host.token)}`);
  return page;
}

function nav(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Bereiche' }).getByRole('button', { name });
}

async function openAustausch(page: Page): Promise<void> {
  await nav(page, 'Austausch').click();
  await page.getByTestId('exchange-tab-exchange').click();
  await page.getByTestId('exchange-name').waitFor();
}

async function rename(page: Page, name: string): Promise<void> {
  await openAustausch(page);
  // The field shows the current name once the status has loaded.
  await expect.poll(() => page.getByTestId('exchange-name').inputValue()).not.toBe('');
  await page.getByTestId('exchange-name').fill(name);
  await page.getByRole('button', { name: 'Namen speichern' }).click();
  await page.getByText('Gespeichert', { exact: false }).first().waitFor();
}

/** Infrastruktur: find a facility by name, change fields in its panel, save. */
async function editFacility(page: Page, name: string, fields: Record<string, string>): Promise<void> {
  await nav(page, 'Infrastruktur').click();
  await page.getByTestId('facility-count').waitFor();
  await page.getByLabel('Suche').fill(name);
  // The search is debounced: wait for the list to show this one facility, not the last search's.
  await expect.poll(async () => [await page.getByTestId('facility-row').count(), await page.getByTestId('facility-row').first().locator('th button').textContent()]).toEqual([1, name]);
  await page.getByTestId('facility-row').first().locator('th button').click();
  const panel = page.getByTestId('side-panel');
  await expect.poll(() => page.getByTestId('facility-name').textContent()).toBe(name);
  for (const [label, value] of Object.entries(fields)) await panel.getByLabel(label, { exact: true }).fill(value);
  await panel.getByRole('button', { name: 'Speichern' }).click();
  await panel.getByText('Gespeichert.').waitFor();
}

/** "Datei für Kolleg:innen erstellen" → the browser's download, saved for the other laptop. */
async function createFile(page: Page, forName: string | null): Promise<string> {
  await openAustausch(page);
  if (forName) await page.getByRole('radio', { name: new RegExp(`Nur, was ${forName} noch fehlt`) }).check();
  else await page.getByTestId('exchange-target-all').check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('exchange-export-button').click()]);
  expect(download.suggestedFilename()).toMatch(/^Quartiersatlas-.+-\d{4}-\d{2}-\d{2}\.qatlas$/);
  await page.getByTestId('exchange-export-result').waitFor();
  // In the session's temp folder: removed with it, also when the test fails.
  const file = path.join(anna.dir, `austausch-${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(file);
  return file;
}

/** "Datei einlesen": choose, look at the preview, apply. Returns the preview's text. */
async function readFile(page: Page, file: string, shot?: string): Promise<string> {
  await openAustausch(page);
  await page.getByTestId('exchange-import-file').setInputFiles(file);
  const preview = page.getByTestId('exchange-preview');
  await preview.waitFor({ timeout: 30_000 });
  const text = (await preview.textContent()) ?? '';
  if (shot) await screenshot(page, shot);
  await page.getByTestId('exchange-apply').click();
  await page.getByTestId('exchange-result').waitFor({ timeout: 30_000 });
  return text;
}

async function conflictCount(page: Page): Promise<number> {
  const badge = page.getByTestId('conflict-count');
  return (await badge.count()) === 0 ? 0 : Number(await badge.textContent());
}

describe('Austausch between two laptops through the UI', () => {
  it('edits on both, files both ways, the conflict on both, resolved on one, both databases identical', async () => {
    // Three playgrounds a search finds alone (no other name contains theirs).
    const all = (await call(anna, 'facilities.list', { sort: { field: 'name' } })).items;
    const playgrounds = all.filter((f) => all.filter((g) => g.name.toLowerCase().includes(f.name.toLowerCase())).length === 1).slice(0, 4);
    const [shared, onlyAnna, onlyBen, deletedByAnna] = playgrounds.map((p) => p.name) as [string, string, string, string];

    const pageA = await open(anna);
    const pageB = await open(ben);
    await rename(pageA, 'Anna');
    await rename(pageB, 'Ben');

    // The same field on both laptops, and one different record each.
    await editFacility(pageA, shared, { Kapazität: '25' });
    await editFacility(pageA, onlyAnna, { Öffnungszeiten: 'Mo–Fr 8–18 Uhr' });
    await editFacility(pageB, shared, { Kapazität: '30' });
    await editFacility(pageB, onlyBen, { Kapazität: '12' });
    // Deleted on one laptop, edited on the other.
    await call(anna, 'facilities.delete', { id: playgrounds[3]!.id });
    await editFacility(pageB, deletedByAnna, { Kapazität: '8' });

    // Anna → Ben: the preview names what changes and the conflict it opens.
    const annasFile = await createFile(pageA, null);
    const preview = await readFile(pageB, annasFile, 'austausch-vorschau');
    expect(preview).toContain('Anna');
    expect(preview).toContain(shared);
    await expect.poll(() => conflictCount(pageB)).toBe(2);

    // The same file again: nothing new, nothing to apply.
    await openAustausch(pageB);
    await pageB.getByTestId('exchange-import-file').setInputFiles(annasFile);
    await pageB.getByTestId('exchange-nothing-new').waitFor({ timeout: 30_000 });
    expect(await pageB.getByTestId('exchange-apply').count()).toBe(0);

    // Ben → Anna (only what she lacks): the conflict shows on her laptop too.
    const bensFile = await createFile(pageB, 'Anna');
    await readFile(pageA, bensFile);
    await expect.poll(() => conflictCount(pageA)).toBe(2);
    for (const [page, deleter, editor] of [
      [pageA, 'Dieser Laptop', 'Ben'],
      [pageB, 'Anna', 'dieser Laptop'],
    ] as const) {
      await page.getByTestId('exchange-tab-conflicts').click();
      await expect.poll(() => page.getByTestId('conflict-item').count()).toBe(2);
      const text = (await page.locator('[data-testid="conflict-item"][data-kind="field"]').textContent()) ?? '';
      expect(text).toContain(shared);
      expect(text).toContain('Kapazität');
      expect(text).toMatch(/25/);
      expect(text).toMatch(/30/);
      const deleteCard = page.locator('[data-testid="conflict-item"][data-kind="delete"]');
      expect(await deleteCard.textContent()).toContain(deletedByAnna);
      expect(await deleteCard.getByTestId('conflict-delete-text').textContent()).toBe(`${deleter} hat den Datensatz gelöscht, ${editor} hat ihn geändert.`);
    }
    await screenshot(pageA, 'austausch-konflikt');

    // The map marks the record with the open conflict; the legend key leads to the inbox.
    await nav(pageA, 'Karte').click();
    await pageA.getByTestId('conflict-key').waitFor();
    expect(await pageA.getByTestId('conflict-key').textContent()).toContain('offene Konflikte aus dem Austausch (2)');
    await fitToFacilities(pageA, 76);
    expect((await waitForRendered(pageA, 'facilities-conflict', 2)).map((f) => f.name).sort()).toEqual([shared, deletedByAnna].sort());
    await screenshot(pageA, 'austausch-karte-konflikt');
    await pageA.getByTestId('conflict-key').getByRole('button').click();
    await pageA.getByTestId('conflict-item').first().waitFor();

    // Anna keeps Ben's value; her decision travels with her next file.
    await pageA.getByTestId('conflict-keep-theirs').click();
    await pageA.getByTestId('conflict-restore').click();
    await pageA.getByTestId('conflicts-empty').waitFor();
    expect(await call(anna, 'exchange.conflicts', {})).toEqual([]);
    await expect.poll(() => conflictCount(pageA)).toBe(0);
    await screenshot(pageA, 'austausch-konflikt-geloest');
    expect((await call(anna, 'facilities.get', { id: playgrounds[0]!.id })).capacity).toBe(30);

    const annasSecondFile = await createFile(pageA, 'Ben');
    await readFile(pageB, annasSecondFile);
    expect(await call(ben, 'exchange.conflicts', {})).toEqual([]);
    await expect.poll(() => conflictCount(pageB)).toBe(0);
    expect((await call(ben, 'facilities.get', { id: playgrounds[0]!.id })).capacity).toBe(30);
    expect((await call(ben, 'facilities.get', { id: playgrounds[1]!.id })).openingHours).toBe('Mo–Fr 8–18 Uhr');
    expect((await call(anna, 'facilities.get', { id: playgrounds[2]!.id })).capacity).toBe(12);
    expect((await call(ben, 'facilities.get', { id: playgrounds[3]!.id })).capacity).toBe(8);
    expect((await call(anna, 'facilities.list', {})).total).toBe(76);

    expect(canonicalDump(anna.host.core.database.sqlite)).toBe(canonicalDump(ben.host.core.database.sqlite));

    await pageB.getByTestId('exchange-tab-history').click();
    await expect.poll(() => pageB.getByTestId('exchange-history-row').count()).toBeGreaterThanOrEqual(3);
    await screenshot(pageB, 'austausch-verlauf');
    await pageB.getByTestId('exchange-tab-safety').click();
    await expect.poll(() => pageB.getByTestId('snapshot-row').count()).toBe(2);
    await screenshot(pageB, 'austausch-sicherheit');
  }, 300_000);
});
