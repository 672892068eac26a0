import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { IndicatorPicker } from '../../renderer/indicators/IndicatorPicker.tsx';
import { GYM, LEVEL, SGB2, summary, TOPICS } from './indicator-fixtures.tsx';
import { renderWithProviders } from './helpers.tsx';

afterEach(cleanup);

const EMPTY = { ...summary(GYM), id: 'ind-empty', code: 'LEER', name: 'Ohne Werte hier', levelIds: ['other-level'], topicId: 'top-bildung' };
const INDICATORS = [summary(SGB2), summary(GYM), EMPTY];

function renderPicker(value: string | null = null) {
  const onChange = vi.fn();
  renderWithProviders(<IndicatorPicker indicators={INDICATORS} topics={TOPICS} value={value} onChange={onChange} levelId={LEVEL.id} />);
  return { onChange, input: screen.getByRole('combobox', { name: 'Indikator' }) };
}

describe('IndicatorPicker', () => {
  it('lists the indicators grouped by topic path; those without values on the level are disabled', () => {
    const { input } = renderPicker();
    fireEvent.click(input);
    const list = screen.getByRole('listbox');
    const groups = within(list).getAllByRole('group');
    expect(groups.map((g) => g.getAttribute('aria-label'))).toEqual(['Arbeit und Soziales › Transferleistungen', 'Bildung']);
    expect(within(groups[1]!).getByRole('option', { name: /Ohne Werte hier/ }).getAttribute('aria-disabled')).toBe('true');
  });

  it('filters umlaut-insensitively and chooses with the keyboard', () => {
    const { input, onChange } = renderPicker();
    fireEvent.change(input, { target: { value: 'ubergang' } });
    expect(within(screen.getByRole('listbox')).getAllByRole('option').map((o) => o.textContent)).toEqual([expect.stringContaining('Übergangsquote Gymnasium')]);
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input.getAttribute('aria-activedescendant')).toBeTruthy();
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onChange).toHaveBeenCalledWith(GYM.id);
    expect(input.getAttribute('aria-expanded')).toBe('false');
  });

  it('Esc closes the list without choosing; the clear button removes the indicator', () => {
    const { input, onChange } = renderPicker(SGB2.id);
    expect((input as HTMLInputElement).value).toBe('SGB-II-Quote');
    fireEvent.click(input);
    expect(input.getAttribute('aria-expanded')).toBe('true');
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: /Indikator abwählen/ }));
    expect(onChange).toHaveBeenCalledWith(null);
  });
});
