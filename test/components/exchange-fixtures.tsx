import type { MethodOutput } from '../../shared/contract.ts';
import type { ImportSummary } from '../../renderer/views/austausch/ImportSummaryView.tsx';

/** Fixtures of the Austausch view: this laptop, a colleague, a received file, conflicts. */

export const LOCAL = '0190a1b2-0000-7000-8000-000000000001';
export const ANNA = '0190a1b2-0000-7000-8000-000000000002';
export const BEN = '0190a1b2-0000-7000-8000-000000000003';
export const KITA = '5b0c6a52-3f0e-5a4e-9d4b-1f4c2e7a9b01';

export function status(overrides: Partial<MethodOutput<'exchange.status'>> = {}): MethodOutput<'exchange.status'> {
  return {
    replica: { id: LOCAL, displayName: 'Laptop Sozialplanung' },
    peers: [{ replica: ANNA, displayName: 'Anna (Jugendamt)', lastFileAt: '2026-11-20T09:15:00.000Z' }],
    conflictRows: [],
    unsentChanges: 7,
    ...overrides,
  };
}

export function summary(overrides: Partial<ImportSummary> = {}): ImportSummary {
  return {
    bundleId: 'b-1',
    fileName: 'anna-2026-11-24.qatlas',
    sender: { replica: ANNA, displayName: 'Anna (Jugendamt)' },
    createdAt: '2026-11-24T14:30:00.000Z',
    nothingNew: false,
    newOps: 5,
    duplicateOps: 0,
    tables: {
      facilities: { created: 2, changed: 1, deleted: 0, restored: 0 },
      indicator_values: { created: 0, changed: 2, deleted: 0, restored: 0 },
    },
    conflictsOpened: [{ table: 'facilities', row: KITA, label: 'Kita Sonnenschein', field: 'capacity', kind: 'field' }],
    conflictsClosed: 0,
    newPhotos: 3,
    waiting: 1,
    warnings: ['Die Uhr von „Anna (Jugendamt)“ geht um 3 Stunden vor.'],
    snapshotId: null,
    ...overrides,
  };
}

type Conflict = MethodOutput<'exchange.conflicts'>[number];

export function capacityConflict(): Conflict {
  return {
    table: 'facilities',
    row: KITA,
    label: 'Kita Sonnenschein',
    field: 'capacity',
    kind: 'field',
    heads: [
      { op: 'op-mine', replica: LOCAL, displayName: 'Laptop Sozialplanung', local: true, hlc: '1', at: '2026-11-23T10:00:00.000Z', field: 'capacity', value: 45 },
      { op: 'op-anna', replica: ANNA, displayName: 'Anna (Jugendamt)', local: false, hlc: '2', at: '2026-11-24T08:30:00.000Z', field: 'capacity', value: 1250.5 },
    ],
    ancestor: { value: 40 },
    detectedAt: '2026-11-24T15:00:00.000Z',
  };
}

export function nameConflictThree(): Conflict {
  return {
    table: 'facilities',
    row: KITA,
    label: 'Kita Sonnenschein',
    field: 'name',
    kind: 'field',
    heads: [
      { op: 'op-n1', replica: LOCAL, displayName: 'Laptop Sozialplanung', local: true, hlc: '1', at: '2026-11-23T10:00:00.000Z', field: 'name', value: 'Kita Sonnenschein' },
      { op: 'op-n2', replica: ANNA, displayName: 'Anna (Jugendamt)', local: false, hlc: '2', at: '2026-11-24T08:30:00.000Z', field: 'name', value: 'Kita Sonnenschein e. V.' },
      { op: 'op-n3', replica: BEN, displayName: 'Ben', local: false, hlc: '3', at: '2026-11-24T09:30:00.000Z', field: 'name', value: 'Kindertagesstätte Sonnenschein' },
    ],
    ancestor: null,
    detectedAt: '2026-11-24T15:00:00.000Z',
  };
}

export function geometryConflict(): Conflict {
  return {
    table: 'spatial_units',
    row: 'unit-altstadt',
    label: 'Altstadt',
    field: 'geometry',
    kind: 'field',
    heads: [
      { op: 'op-g1', replica: LOCAL, displayName: 'Laptop Sozialplanung', local: true, hlc: '1', at: '2026-11-23T10:00:00.000Z', field: 'geometry', value: '{"type":"Polygon","coordinates":[]}' },
      { op: 'op-g2', replica: ANNA, displayName: 'Anna (Jugendamt)', local: false, hlc: '2', at: '2026-11-24T08:30:00.000Z', field: 'geometry', value: '{"type":"Polygon","coordinates":[[]]}' },
    ],
    ancestor: { value: null },
    detectedAt: '2026-11-24T15:00:00.000Z',
  };
}

export function deleteConflict(): Conflict {
  return {
    table: 'facilities',
    row: 'f-spielplatz',
    label: 'Spielplatz Wasserloos',
    field: '*',
    kind: 'delete',
    heads: [
      { op: 'op-del', replica: ANNA, displayName: 'Anna (Jugendamt)', local: false, hlc: '2', at: '2026-11-24T08:30:00.000Z', field: '_deleted', value: true },
      { op: 'op-edit', replica: LOCAL, displayName: 'Laptop Sozialplanung', local: true, hlc: '1', at: '2026-11-23T10:00:00.000Z', field: 'opening_hours', value: 'Mo–Fr 8–16 Uhr' },
    ],
    ancestor: null,
    detectedAt: '2026-11-24T15:00:00.000Z',
  };
}
