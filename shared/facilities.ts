/**
 * What every installation knows about facilities before anyone enters one: the default
 * categories (seeded through the write path on first start, editable afterwards), the icons
 * shipped with the app (SVG path data, drawn locally — nothing is fetched), and the suggestions
 * the forms offer for target groups and Träger types. Pure: no Node, no DOM.
 */

export interface DefaultCategory {
  /** Stable key (slug of the name); the category's id is derived from it. */
  key: string;
  name: string;
  group: string;
  /** Okabe–Ito colours by group: distinguishable with the common colour-vision deficiencies. */
  color: string;
  icon: FacilityIconName;
  capacityUnit: string | null;
}

const EDUCATION = { group: 'Bildung und Betreuung', color: '#0072B2' };
const YOUTH = { group: 'Kinder, Jugend und Familie', color: '#E69F00' };
const SOCIAL = { group: 'Soziales und Beratung', color: '#CC79A7' };
const HEALTH = { group: 'Gesundheit und Pflege', color: '#D55E00' };
const OUTDOOR = { group: 'Spiel, Sport und Grün', color: '#009E73' };
const COMMUNITY = { group: 'Kultur und Gemeinschaft', color: '#56B4E9' };

export const DEFAULT_CATEGORIES: readonly DefaultCategory[] = [
  { key: 'kita', name: 'Kita', ...EDUCATION, icon: 'kita', capacityUnit: 'Plätze' },
  { key: 'grundschule', name: 'Grundschule', ...EDUCATION, icon: 'grundschule', capacityUnit: 'Schüler:innen' },
  { key: 'weiterfuehrende-schule', name: 'Weiterführende Schule', ...EDUCATION, icon: 'schule', capacityUnit: 'Schüler:innen' },
  { key: 'foerderschule', name: 'Förderschule', ...EDUCATION, icon: 'foerderschule', capacityUnit: 'Schüler:innen' },
  { key: 'jugendeinrichtung', name: 'Jugendeinrichtung', ...YOUTH, icon: 'jugend', capacityUnit: null },
  { key: 'seniorentreff', name: 'Seniorentreff', ...SOCIAL, icon: 'senioren', capacityUnit: null },
  { key: 'beratungsstelle', name: 'Beratungsstelle', ...SOCIAL, icon: 'beratung', capacityUnit: null },
  { key: 'arztpraxis-gesundheit', name: 'Arztpraxis/Gesundheit', ...HEALTH, icon: 'gesundheit', capacityUnit: null },
  { key: 'pflege', name: 'Pflege', ...HEALTH, icon: 'pflege', capacityUnit: 'Plätze' },
  { key: 'sport', name: 'Sport', ...OUTDOOR, icon: 'sport', capacityUnit: null },
  { key: 'kultur-bibliothek', name: 'Kultur/Bibliothek', ...COMMUNITY, icon: 'kultur', capacityUnit: null },
  { key: 'spielplatz', name: 'Spielplatz', ...OUTDOOR, icon: 'spielplatz', capacityUnit: null },
  { key: 'gruenflaeche', name: 'Grünfläche', ...OUTDOOR, icon: 'gruenflaeche', capacityUnit: null },
  { key: 'quartiersbuero', name: 'Quartiersbüro', ...COMMUNITY, icon: 'quartiersbuero', capacityUnit: null },
  { key: 'religioese-einrichtung', name: 'Religiöse Einrichtung', ...COMMUNITY, icon: 'religion', capacityUnit: null },
];

/**
 * Icons on a 24 × 24 grid as SVG path data (fill, even-odd). The renderer draws them into the
 * map and the lists itself; a category stores only the name.
 */
export const FACILITY_ICONS = {
  punkt: 'M12 6a6 6 0 1 0 0.01 0z',
  kita: 'M3 13h8v8H3z M13 13h8v8h-8z M8 3h8v8H8z',
  grundschule: 'M3 21l1.5-5.5L15 5l4 4L8.5 19.5z M16 4l2-2 4 4-2 2z',
  schule: 'M12 3 1 8.5 12 14l11-5.5z M5 11.5V16c0 1.7 3.1 3.5 7 3.5s7-1.8 7-3.5v-4.5l-7 3.5z',
  foerderschule: 'M12 2 2 7l10 5 10-5z M12 14.5a4 4 0 1 0 0.01 0z',
  jugend: 'M9 17a3 3 0 1 1-2-2.83V4l12-2v12a3 3 0 1 1-2-2.83V6.4L9 7.7z',
  senioren: 'M4 7h13v5a6 6 0 0 1-6 6h-1a6 6 0 0 1-6-6z M17 8h2a3 3 0 0 1 0 6h-2v-2h2a1 1 0 0 0 0-2h-2z M3 19h16v2H3z',
  beratung: 'M2 4h14v9H7l-5 4z M18 8h4v11l-4-3h-7v-1h7z',
  gesundheit: 'M9 3h6v6h6v6h-6v6H9v-6H3V9h6z',
  pflege: 'M12 21 3.5 12.5A5 5 0 0 1 12 5.5a5 5 0 0 1 8.5 7z',
  sport: 'M2 10h2V7h3v10H4v-3H2z M22 10h-2V7h-3v10h3v-3h2z M7 11h10v2H7z',
  kultur: 'M3 4h7a2 2 0 0 1 2 2v14a2 2 0 0 0-2-2H3z M21 4h-7a2 2 0 0 0-2 2v14a2 2 0 0 1 2-2h7z',
  spielplatz: 'M3 3h18v2h-2v16h-2V5H7v16H5V5H3z M9 5h1v9H9z M14 5h1v9h-1z M8 14h8v2H8z',
  gruenflaeche: 'M12 2a6 6 0 0 0-6 6 5 5 0 0 0 5 5v9h2v-9a5 5 0 0 0 5-5 6 6 0 0 0-6-6z',
  quartiersbuero: 'M12 3 2 11h3v10h5v-6h4v6h5V11h3z',
  religion: 'M12 2l2 3h-1v2.5l5 3.5v11h-4v-4a2 2 0 0 0-4 0v4H6V11l5-3.5V5h-1z',
} as const;

export type FacilityIconName = keyof typeof FACILITY_ICONS;
export const FACILITY_ICON_NAMES = Object.keys(FACILITY_ICONS) as FacilityIconName[];

export function isFacilityIcon(name: string): name is FacilityIconName {
  return Object.hasOwn(FACILITY_ICONS, name);
}

/** Suggestions for the target-group field; planners may type others. */
export const TARGET_GROUP_SUGGESTIONS = [
  'Kinder 0–3',
  'Kinder 3–6',
  'Kinder 0–6',
  'Kinder 6–10',
  'Jugendliche',
  'Junge Erwachsene',
  'Familien',
  'Erwachsene',
  'Senior:innen',
  'Menschen mit Behinderung',
  'Menschen mit Migrationsgeschichte',
  'Alle',
] as const;

/** Suggestions for the kind of Träger. */
export const OPERATOR_TYPE_SUGGESTIONS = [
  'öffentlich (städtisch)',
  'freie Wohlfahrtspflege',
  'kirchlich',
  'Verein/Initiative',
  'privat-gemeinnützig',
  'privat-gewerblich',
] as const;

/** Reach distances offered for coverage (straight line, metres). */
export const COVERAGE_DISTANCES = [300, 500, 1000] as const;

/** How far apart two entries of one category with the same name may be and still look like one (metres). */
export const DUPLICATE_DISTANCE_M = 50;

/** The largest photo a facility takes (a phone camera's JPEG is 3–8 MB; a scan of a plan may be more). */
export const PHOTO_MAX_BYTES = 25 * 1024 * 1024;
