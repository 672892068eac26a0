import type { MethodOutput } from '../../shared/contract.ts';

export type Detail = MethodOutput<'facilities.get'>;
export type Category = MethodOutput<'categories.list'>[number];

export const spielplatz: Category = {
  id: 'cat-spiel',
  key: 'spielplatz',
  name: 'Spielplatz',
  color: '#e07b39',
  facilityCount: 2,
  group: 'Kinder',
  icon: null,
  capacityUnit: null,
  resourceCount: 0,
};
export const kita: Category = { ...spielplatz, id: 'cat-kita', key: 'kita', name: 'Kita', color: '#3a7bd5', facilityCount: 0, capacityUnit: 'Plätze' };

export const detail: Detail = {
  id: 'f-1',
  name: 'Spielplatz Wasserloos',
  kind: 'facility',
  category: { id: 'cat-spiel', name: 'Spielplatz', color: '#e07b39', icon: null },
  address: 'Wasserloos 1',
  lon: 9.43,
  lat: 54.79,
  operator: 'Stadt Flensburg',
  operatorType: null,
  capacity: 40,
  capacityUnit: null,
  targetGroups: ['Kinder 6–10'],
  accessibility: 'partial',
  validFrom: '2019-05-01',
  validTo: null,
  current: true,
  archived: false,
  units: [
    { levelId: 'l-1', levelName: 'Gesamtstadt', unitId: 'u-0', code: '01', name: 'Flensburg' },
    { levelId: 'l-2', levelName: 'Stadtteil', unitId: 'u-3', code: '03', name: 'Nordstadt' },
  ],
  contact: { phone: '0461 123' },
  openingHours: null,
  source: 'OSM',
  notes: null,
  resourceDescription: null,
  attributes: {},
  photos: [],
};
