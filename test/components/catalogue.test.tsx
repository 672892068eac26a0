import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { CatalogueBrowser } from '../../renderer/views/indikatoren/CatalogueBrowser.tsx';
import { IndicatorForm, validateIndicatorForm } from '../../renderer/views/indikatoren/IndicatorForm.tsx';
import { createI18n } from '../../renderer/i18n/index.ts';
import { GYM, indicatorHandlers, renderWithSelection, SGB2, summary, TOPICS } from './indicator-fixtures.tsx';
import { fakeClient, renderWithProviders } from './helpers.tsx';

afterEach(cleanup);

const listCalls = (client: ReturnType<typeof fakeClient>) => client.calls.filter((c) => c.method === 'indicators.list').map((c) => c.input);

describe('CatalogueBrowser', () => {
  it('searches the catalogue through indicators.list with the typed query (debounced)', async () => {
    const list = vi.fn((input: { query?: string }) => (input.query ? [summary(SGB2)] : [summary(SGB2), summary(GYM)]));
    const client = fakeClient(indicatorHandlers({ 'indicators.list': list }));
    renderWithProviders(<CatalogueBrowser selectedId={null} onSelect={() => {}} onNew={() => {}} version={0} />, { client });
    await waitFor(() => expect(within(screen.getByTestId('catalogue-list')).getAllByRole('button')).toHaveLength(2));

    fireEvent.change(screen.getByLabelText('Katalog durchsuchen'), { target: { value: 'Q' } });
    fireEvent.change(screen.getByLabelText('Katalog durchsuchen'), { target: { value: 'Quote' } });
    await waitFor(() => expect(listCalls(client)).toContainEqual({ query: 'Quote' }));
    // Typing fast sends one request for the final text, none for the intermediate one.
    expect(listCalls(client)).not.toContainEqual({ query: 'Q' });
    await waitFor(() => expect(within(screen.getByTestId('catalogue-list')).getAllByRole('button')).toHaveLength(1));
    expect(screen.getByRole('status').textContent).toBe('1 Indikator');
  });

  it('filters by topic (a parent topic includes its sub-topics) and can include archived indicators', async () => {
    const client = fakeClient(indicatorHandlers());
    renderWithProviders(<CatalogueBrowser selectedId={null} onSelect={() => {}} onNew={() => {}} version={0} />, { client });
    const tree = await screen.findByRole('navigation', { name: 'Themen' });
    fireEvent.click(within(tree).getByRole('button', { name: /Arbeit und Soziales/ }));
    await waitFor(() => expect(within(screen.getByTestId('catalogue-list')).getAllByRole('button').map((b) => b.textContent)).toEqual([expect.stringContaining('SGB-II-Quote')]));
    fireEvent.click(within(tree).getByRole('button', { name: /Bildung/ }));
    // A leaf topic is filtered by main.
    await waitFor(() => expect(listCalls(client)).toContainEqual({ topicId: 'top-bildung' }));
    fireEvent.click(screen.getByLabelText('Archivierte anzeigen'));
    await waitFor(() => expect(listCalls(client)).toContainEqual({ topicId: 'top-bildung', includeArchived: true }));
  });

  it('selects an indicator on click', async () => {
    const onSelect = vi.fn();
    renderWithProviders(<CatalogueBrowser selectedId={SGB2.id} onSelect={onSelect} onNew={() => {}} version={0} />, {
      client: fakeClient(indicatorHandlers()),
    });
    const item = await screen.findByRole('button', { name: /Übergangsquote Gymnasium/ });
    fireEvent.click(item);
    expect(onSelect).toHaveBeenCalledWith(GYM.id);
    expect(screen.getByRole('button', { name: /SGB-II-Quote/ }).getAttribute('aria-current')).toBe('true');
  });
});

describe('IndicatorForm', () => {
  const t = createI18n('de').t;
  const message = (key: Parameters<Parameters<typeof validateIndicatorForm>[1]>[0], options?: { max: number }) => (options ? t(key, options) : t(key));
  const empty = {
    code: '',
    name: '',
    shortName: '',
    topic: '',
    unit: '',
    decimals: '1',
    definition: '',
    formula: '',
    source: '',
    licence: '',
    attribution: '',
    updateInterval: '',
    referenceDateNote: '',
    notes: '',
    tags: '',
    polarity: 'need' as const,
    kind: 'status' as const,
    measure: 'relative' as const,
  };

  it('validates in German', () => {
    const { input, errors } = validateIndicatorForm({ ...empty, code: 'SGB II', decimals: '9', unit: 'x'.repeat(51) }, message);
    expect(input).toBeNull();
    expect(errors).toEqual({
      code: 'Nur Buchstaben, Ziffern und _ . - (keine Leerzeichen).',
      name: 'Bitte ausfüllen.',
      unit: 'Höchstens 50 Zeichen.',
      decimals: 'Bitte eine ganze Zahl von 0 bis 6 eingeben.',
    });
    const ok = validateIndicatorForm({ ...empty, code: 'KITA', name: 'Kita-Versorgung', tags: 'Kinder, Bildung ', decimals: '0' }, message);
    expect(ok.errors).toEqual({});
    expect(ok.input).toMatchObject({ code: 'KITA', name: 'Kita-Versorgung', tags: ['Kinder', 'Bildung'], decimals: 0, unit: null });
  });

  it('shows the messages at the fields and saves through indicators.save', async () => {
    const save = vi.fn((input: { id?: string; indicator: { name: string } }) => ({ ...SGB2, name: input.indicator.name }));
    const onSaved = vi.fn();
    renderWithSelection(<IndicatorForm detail={SGB2} topics={TOPICS} onSaved={onSaved} onClose={() => {}} />, {
      handlers: indicatorHandlers({ 'indicators.save': save }),
    });
    expect((screen.getByLabelText('Thema') as HTMLInputElement).value).toBe('Arbeit und Soziales/Transferleistungen');
    fireEvent.change(screen.getByLabelText(/^Name \*?$/), { target: { value: '  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Speichern' }));
    expect((await screen.findByTestId('error-name')).textContent).toBe('Bitte ausfüllen.');
    expect(screen.getByLabelText(/^Name \*?$/).getAttribute('aria-invalid')).toBe('true');
    expect(save).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText(/^Name \*?$/), { target: { value: 'SGB-II-Quote (unter 65)' } });
    fireEvent.click(screen.getByRole('button', { name: 'Speichern' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(save).toHaveBeenCalledWith(
      expect.objectContaining({
        id: SGB2.id,
        indicator: expect.objectContaining({ code: 'SGB2_QUOTE', name: 'SGB-II-Quote (unter 65)', topic: 'Arbeit und Soziales/Transferleistungen', polarity: 'need' }),
      }),
    );
  });
});
