import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { UserFacingError } from '../../../electron/core/errors.ts';
import { FORBIDDEN_RESULT, forwardCall, startupErrorText } from '../../../electron/main/ipc-forward.ts';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../../electron/main/ipc-channels.ts';
import { aboutText, buildMenuTemplate } from '../../../electron/main/menu-template.ts';

function labels(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.label ? [item.label] : []),
    ...(Array.isArray(item.submenu) ? labels(item.submenu as MenuItemConstructorOptions[]) : []),
  ]);
}

describe('menu', () => {
  it('is German and minimal: Datei, Bearbeiten, Ansicht, Hilfe', () => {
    const template = buildMenuTemplate({ isPackaged: true, platform: 'win32', onAbout: () => {} });
    expect(template.map((item) => item.label)).toEqual(['Datei', 'Bearbeiten', 'Ansicht', 'Hilfe']);
    const all = labels(template);
    for (const label of ['Beenden', 'Neu laden', 'Vollbild', 'Über Quartiersatlas']) expect(all).toContain(label);
  });

  it('offers the developer tools only when not packaged', () => {
    expect(labels(buildMenuTemplate({ isPackaged: true, platform: 'linux', onAbout: () => {} }))).not.toContain('Entwicklertools');
    expect(labels(buildMenuTemplate({ isPackaged: false, platform: 'linux', onAbout: () => {} }))).toContain('Entwicklertools');
  });

  it('calls onAbout from Hilfe → Über', () => {
    const onAbout = vi.fn();
    const hilfe = buildMenuTemplate({ isPackaged: true, platform: 'linux', onAbout }).find((item) => item.label === 'Hilfe');
    const about = (hilfe?.submenu as MenuItemConstructorOptions[])[0]!;
    about.click?.(undefined as never, undefined, undefined as never);
    expect(onAbout).toHaveBeenCalledOnce();
  });

  it('has the usual app menu on macOS', () => {
    expect(buildMenuTemplate({ isPackaged: true, platform: 'darwin', onAbout: () => {} })[0]!.label).toBe('Quartiersatlas');
  });

  it('about text names version and database', () => {
    const text = aboutText({ version: '0.1.0', electronVersion: '45.4.1', databasePath: '/p/quartiersatlas.sqlite' });
    expect(text.message).toBe('Quartiersatlas 0.1.0');
    expect(text.detail).toContain('/p/quartiersatlas.sqlite');
  });
});

describe('forwardCall', () => {
  it('hands method and input to the core', async () => {
    const call = vi.fn(async () => ({ ok: true as const, value: 42 }));
    expect(await forwardCall(call, 'app.info', { a: 1 })).toEqual({ ok: true, value: 42 });
    expect(call).toHaveBeenCalledWith('app.info', { a: 1 });
  });

  it('refuses a method that is not a sensible string', async () => {
    const call = vi.fn();
    for (const method of [undefined, 42, '', 'x'.repeat(101), { toString: () => 'app.info' }]) {
      expect((await forwardCall(call, method, {})).ok).toBe(false);
    }
    expect(call).not.toHaveBeenCalled();
  });

  it('turns a throwing core into a CallResult', async () => {
    const result = await forwardCall(async () => Promise.reject(new Error('kaputt')), 'app.info', {});
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'Interner Fehler: kaputt' } });
  });

  it('has a German forbidden answer and fixed channel names', () => {
    expect(FORBIDDEN_RESULT.ok).toBe(false);
    expect(INVOKE_CHANNEL).toBe('quartiersatlas:invoke');
    expect(EVENT_CHANNEL).toBe('quartiersatlas:event');
  });
});

describe('startupErrorText', () => {
  it('shows a UserFacingError as it is', () => {
    const text = startupErrorText(new UserFacingError('database-locked', 'Die Datenbank ist bereits geöffnet.'));
    expect(text).toEqual({ title: 'Quartiersatlas kann nicht starten', message: 'Die Datenbank ist bereits geöffnet.' });
  });

  it('wraps anything else in a German sentence', () => {
    expect(startupErrorText(new Error('EACCES')).message).toMatch(/unerwarteter Fehler.*EACCES/s);
    expect(startupErrorText('x').message).toContain('x');
  });
});
