import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { canonicalDump } from '../../../electron/core/exchange/canonical-dump.ts';
import { createSnapshot, listSnapshots, pruneSnapshots, snapshotDirectoryFor, snapshotFile } from '../../../electron/core/safety/snapshots.ts';
import { tempDatabase } from '../../helpers/temp-db.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 10, minute, 0, 0));

describe('automatic snapshots', () => {
  it('copies the database beside it, with the reason, and lists newest first', () => {
    const db = tempDatabase('stadt.sqlite');
    expect(snapshotDirectoryFor(db.path)).toBe(db.path.replace(/\.sqlite$/, '-sicherungen'));
    const first = createSnapshot(db.sqlite, db.path, 'Vor dem Einlesen von a.qatlas', at(1));
    db.sqlite.prepare("INSERT INTO settings (key, value) VALUES ('x', '1')").run();
    const second = createSnapshot(db.sqlite, db.path, 'Vor dem Einlesen von „b“.qatlas', at(2));
    expect(first.id).toMatch(/^[0-9A-Za-z-]+$/);
    expect(second).toMatchObject({ reason: 'Vor dem Einlesen von „b“.qatlas', createdAt: at(2).toISOString() });
    expect(second.bytes).toBe(fs.statSync(second.file).size);
    expect(listSnapshots(db.path).map((s) => s.id)).toEqual([second.id, first.id]);
    const copy = new Database(first.file, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(canonicalDump(copy)).toBe(canonicalDump(db.sqlite));
      expect(copy.prepare("SELECT count(*) AS n FROM settings WHERE key = 'x'").get()).toEqual({ n: 0 });
    } finally {
      copy.close();
    }
  });

  it('keeps several snapshots of one millisecond apart, in order', () => {
    const db = tempDatabase();
    const ids = [1, 2, 3].map((n) => createSnapshot(db.sqlite, db.path, `Nr. ${n}`, at(5)).id);
    expect(new Set(ids).size).toBe(3);
    expect(listSnapshots(db.path).map((s) => s.reason)).toEqual(['Nr. 3', 'Nr. 2', 'Nr. 1']);
  });

  it('ignores junk and temporary files in the folder', () => {
    const db = tempDatabase();
    const real = createSnapshot(db.sqlite, db.path, 'echt', at(1));
    const dir = snapshotDirectoryFor(db.path);
    fs.writeFileSync(path.join(dir, 'notizen.txt'), 'x');
    fs.writeFileSync(path.join(dir, 'irgendwas.sqlite'), 'x');
    fs.writeFileSync(path.join(dir, `.${real.id}.123.abcd.tmp`), 'x');
    fs.writeFileSync(path.join(dir, '2026-11-25T10-09-00-000Z.json'), '{"reason":"ohne Datei"}');
    fs.mkdirSync(path.join(dir, '2026-11-25T10-08-00-000Z.sqlite'));
    expect(listSnapshots(db.path).map((s) => s.id)).toEqual([real.id]);
  });

  it('still lists a snapshot whose JSON file is lost, dated by its name', () => {
    const db = tempDatabase();
    const snap = createSnapshot(db.sqlite, db.path, 'weg', at(7));
    fs.rmSync(path.join(snapshotDirectoryFor(db.path), `${snap.id}.json`));
    expect(listSnapshots(db.path)).toEqual([{ ...snap, reason: '' }]);
  });

  it('resolves an id to its file and refuses anything else', () => {
    const db = tempDatabase();
    const snap = createSnapshot(db.sqlite, db.path, 'x', at(1));
    expect(snapshotFile(db.path, snap.id)).toBe(snap.file);
    expect(path.isAbsolute(snapshotFile(db.path, snap.id))).toBe(true);
    for (const bad of ['../stadt', `${snap.id}/../x`, '', 'a\\b', `..${path.sep}${snap.id}`, '2026-11-25T10-01-00-000Z-1-x']) {
      expect(() => snapshotFile(db.path, bad)).toThrow(/keine gültige Sicherung/);
    }
    expect(() => snapshotFile(db.path, '2020-01-01T00-00-00-000Z')).toThrow(/gibt es nicht/);
  });

  it('prunes the oldest beyond the number to keep, with their JSON files', () => {
    const db = tempDatabase();
    for (let minute = 0; minute < 5; minute++) createSnapshot(db.sqlite, db.path, `Nr. ${minute}`, at(minute));
    pruneSnapshots(db.path, 2);
    expect(listSnapshots(db.path).map((s) => s.reason)).toEqual(['Nr. 4', 'Nr. 3']);
    expect(fs.readdirSync(snapshotDirectoryFor(db.path)).sort()).toHaveLength(4);
    pruneSnapshots(db.path);
    expect(listSnapshots(db.path)).toHaveLength(2);
  });

  it('lists nothing when there is no folder yet', () => {
    const db = tempDatabase();
    expect(listSnapshots(db.path)).toEqual([]);
    pruneSnapshots(db.path);
  });

  it('copies a database path that contains a quote', () => {
    const db = tempDatabase("Anna's Stadt.sqlite");
    const snap = createSnapshot(db.sqlite, db.path, 'x', at(1));
    expect(fs.existsSync(snap.file)).toBe(true);
    expect(snap.file).toContain("Anna's Stadt-sicherungen");
  });
});
