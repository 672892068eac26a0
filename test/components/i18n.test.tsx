import { describe, expect, it } from 'vitest';
import de from '../../renderer/i18n/de.json' with { type: 'json' };
import en from '../../renderer/i18n/en.json' with { type: 'json' };

function keys(value: unknown, prefix = ''): string[] {
  if (!value || typeof value !== 'object') return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('translations', () => {
  it('German and English have the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(de).sort());
  });

  it('has no empty strings', () => {
    const values = (obj: unknown): string[] =>
      obj && typeof obj === 'object' ? Object.values(obj).flatMap(values) : [String(obj)];
    expect([...values(de), ...values(en)].filter((v) => v.trim() === '')).toEqual([]);
  });

  it('names the required German labels', () => {
    expect(de.app.name).toBe('Quartiersatlas');
    expect(de.nav.karte).toBe('Karte');
    expect(de.about.open).toBe('Über / Datenquellen');
    expect(de.karte.basemap).toBe('Offline-Grundkarte…');
    expect(de.karte.importUnits).toBe('Gebiete importieren…');
    expect(de.import.phase).toMatchObject({ lesen: 'Datei lesen', pruefen: 'Prüfen', schreiben: 'Speichern' });
  });
});
