import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { PeriodControl } from '../../renderer/indicators/PeriodControl.tsx';
import { renderWithProviders } from './helpers.tsx';

const PERIODS = ['2017', '2018', '2019', '2020', '2021'];

function Controlled({ initial, onChange }: { initial: string; onChange?: (p: string) => void }) {
  const [value, setValue] = useState(initial);
  return (
    <>
      <PeriodControl
        periods={PERIODS}
        value={value}
        onChange={(p) => {
          onChange?.(p);
          setValue(p);
        }}
        slider
        stepMs={1000}
      />
      <output data-testid="shown">{value}</output>
    </>
  );
}

const shown = () => screen.getByTestId('shown').textContent;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('PeriodControl', () => {
  it('has a labelled select and a slider with one step per period', () => {
    renderWithProviders(<Controlled initial="2019" />);
    const slider = screen.getByRole('slider', { name: 'Zeitraum (Schieberegler)' }) as HTMLInputElement;
    expect(slider.min).toBe('0');
    expect(slider.max).toBe('4');
    expect(slider.step).toBe('1');
    expect(slider.value).toBe('2');
    expect(slider.getAttribute('aria-valuetext')).toBe('2019');
    fireEvent.change(slider, { target: { value: '3' } });
    expect(shown()).toBe('2020');
    expect((screen.getByLabelText('Zeitraum') as HTMLSelectElement).value).toBe('2020');
    fireEvent.change(screen.getByLabelText('Zeitraum'), { target: { value: '2017' } });
    expect(shown()).toBe('2017');
    expect(slider.value).toBe('0');
  });

  it('plays through the periods one step per interval and stops at the last', () => {
    const onChange = vi.fn();
    renderWithProviders(<Controlled initial="2019" onChange={onChange} />);
    fireEvent.click(screen.getByRole('button', { name: 'Zeitreihe abspielen' }));
    expect(screen.getByRole('button', { name: 'Anhalten' })).toBeTruthy();
    act(() => vi.advanceTimersByTime(999));
    expect(shown()).toBe('2019');
    act(() => vi.advanceTimersByTime(1));
    expect(shown()).toBe('2020');
    act(() => vi.advanceTimersByTime(1000));
    expect(shown()).toBe('2021');
    act(() => vi.advanceTimersByTime(5000));
    expect(shown()).toBe('2021');
    expect(onChange.mock.calls.map((c) => c[0])).toEqual(['2020', '2021']);
    // At the end, playing stops by itself.
    expect(screen.getByRole('button', { name: 'Zeitreihe abspielen' })).toBeTruthy();
  });

  it('pause stops the animation; play at the last period starts from the first', () => {
    renderWithProviders(<Controlled initial="2021" />);
    fireEvent.click(screen.getByRole('button', { name: 'Zeitreihe abspielen' }));
    expect(shown()).toBe('2017');
    act(() => vi.advanceTimersByTime(1000));
    expect(shown()).toBe('2018');
    fireEvent.click(screen.getByRole('button', { name: 'Anhalten' }));
    act(() => vi.advanceTimersByTime(5000));
    expect(shown()).toBe('2018');
  });

  it('moving the slider while playing stops playing', () => {
    renderWithProviders(<Controlled initial="2017" />);
    fireEvent.click(screen.getByRole('button', { name: 'Zeitreihe abspielen' }));
    fireEvent.change(screen.getByRole('slider'), { target: { value: '3' } });
    act(() => vi.advanceTimersByTime(3000));
    expect(shown()).toBe('2020');
  });
});
