/**
 * Colours offered next to the free colour field: the Okabe–Ito palette (distinguishable with the
 * common colour-vision deficiencies, the one the default categories use) plus a dark grey. The
 * names are German because they label the buttons for screen readers.
 */
export const SUGGESTED_COLOURS = [
  { color: '#0072B2', name: 'Blau' },
  { color: '#56B4E9', name: 'Himmelblau' },
  { color: '#009E73', name: 'Blaugrün' },
  { color: '#E69F00', name: 'Orange' },
  { color: '#D55E00', name: 'Zinnober' },
  { color: '#CC79A7', name: 'Rötliches Lila' },
  { color: '#F0E442', name: 'Gelb' },
  { color: '#4D4D4D', name: 'Dunkelgrau' },
] as const;

export function isHexColour(value: string): boolean {
  return /^#[0-9a-fA-F]{6}$/.test(value);
}
