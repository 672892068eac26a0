import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { UserFacingError } from '../../../electron/core/errors.ts';
import { importExchange, previewExchange } from '../../../electron/core/exchange/import-exchange.ts';
import { readZip } from '../../../electron/core/exchange/zip-reader.ts';
import { buildZip, type ZipEntryInput } from '../../../electron/core/exchange/zip-writer.ts';
import { deterministicId } from '../../../electron/core/sync/ids.ts';
import { fileHash, Office, type Replica } from './replicas.ts';

let office: Office;
afterEach(() => office?.close());

/** A valid file from Anna (a new level, a rename, a delete) and Ben, who will read the broken copies. */
function setup(): { anna: Replica; ben: Replica; file: string; entries: Map<string, Buffer> } {
  office = new Office();
  const anna = office.add('Anna');
  const ben = office.add('Ben');
  const id = deterministicId.level('stadtteil');
  anna.writer.transaction((tx) => tx.upsert('spatial_levels', id, { key: 'stadtteil', name: 'Stadtteil', rank: 0 }));
  anna.writer.transaction((tx) => tx.update('spatial_levels', id, { name: 'Stadtteile' }));
  anna.writer.transaction((tx) => tx.remove('facility_categories', deterministicId.category('kita')));
  const file = office.send(anna);
  return { anna, ben, file, entries: readZip(fs.readFileSync(file)) };
}

/** Rebuilds the file from (changed) entries; with `fixManifest` the manifest's checksums are made to match again. */
function repack(entries: Map<string, Buffer>, change: (copy: Map<string, Buffer>, manifest: Record<string, any>) => void, fixManifest = true): Buffer {
  const copy = new Map([...entries].map(([name, data]) => [name, Buffer.from(data)]));
  const manifest = JSON.parse(copy.get('manifest.json')!.toString('utf8')) as Record<string, any>;
  change(copy, manifest);
  if (fixManifest) {
    for (const [name, data] of copy) {
      if (name !== 'manifest.json' && manifest.entries[name]) {
        manifest.entries[name] = { sha256: sha(data), size: data.length };
      }
    }
  }
  if (!copy.has('manifest.json#keep')) copy.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
  copy.delete('manifest.json#keep');
  const list: ZipEntryInput[] = [...copy].map(([name, data]) => ({ name, data }));
  return buildZip(list);
}

function sha(data: Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

function mutateOps(entries: Map<string, Buffer>, change: (ops: Array<Record<string, unknown>>) => void): Buffer {
  return repack(entries, (copy) => {
    const ops = copy.get('ops.jsonl')!.toString('utf8').split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    change(ops);
    copy.set('ops.jsonl', Buffer.from(ops.map((op) => JSON.stringify(op)).join('\n')));
  });
}

function flip(file: Buffer, at: number): Buffer {
  const copy = Buffer.from(file);
  copy[at] = copy[at]! ^ 0x20;
  return copy;
}

type Case = [name: string, build: (ctx: ReturnType<typeof setup>) => Buffer, message: RegExp];

const cases: Case[] = [
  ['plain text', () => Buffer.from('Hallo, das ist keine Austauschdatei.'), /keine ZIP-Datei/],
  ['an empty file', () => Buffer.alloc(0), /keine ZIP-Datei/],
  ['a zip from elsewhere', () => Buffer.from(zipSync({ 'bericht.txt': new TextEncoder().encode('Text') })), /unbekanntes Format/],
  ['a flipped byte in the changes', ({ file }) => flip(fs.readFileSync(file), 200), /beschädigt/],
  ['a flipped byte in the table of contents', ({ file }) => { const b = fs.readFileSync(file); return flip(b, b.length - 90); }, /beschädigt/],
  ['a flipped byte in the file checksum', ({ file }) => { const b = fs.readFileSync(file); return flip(b, b.length - 3); }, /beschädigt|unbekanntes Format/],
  ['a cut-off file', ({ file }) => fs.readFileSync(file).subarray(0, 300), /keine ZIP-Datei/],
  ['a missing entry', ({ entries }) => repack(entries, (copy) => copy.delete('ops.jsonl'), false), /fehlt der Eintrag „ops.jsonl“/],
  ['a missing manifest', ({ entries }) => buildZip([{ name: 'ops.jsonl', data: entries.get('ops.jsonl')! }]), /fehlt das Inhaltsverzeichnis/],
  ['an extra entry', ({ entries }) => repack(entries, (copy) => copy.set('notizen.txt', Buffer.from('x'))), /unerwarteten Eintrag/],
  ['an extra blob not in the manifest', ({ entries }) => repack(entries, (copy) => copy.set(`blobs/${sha(Buffer.from('x'))}`, Buffer.from('x'))), /unerwarteten Eintrag/],
  ['a changed entry with the old checksum', ({ entries }) => repack(entries, (copy) => copy.set('ops.jsonl', Buffer.from(copy.get('ops.jsonl')!.toString().replace('Stadtteile', 'Stadtteilx'))), false), /Prüfsumme von „ops.jsonl“/],
  ['an absolute path', ({ entries }) => repack(entries, (copy) => copy.set('/etc/passwd', Buffer.from('x'))), /unzulässigen Pfad/],
  ['a path with ..', ({ entries }) => repack(entries, (copy) => copy.set('blobs/../../boese.txt', Buffer.from('x'))), /unzulässigen Pfad/],
  ['a Windows drive path', ({ entries }) => repack(entries, (copy) => copy.set('C:/Windows/boese.txt', Buffer.from('x'))), /unzulässigen Pfad/],
  ['a decompression bomb', ({ entries }) => repack(entries, (copy) => copy.set('ops.jsonl', Buffer.alloc(64 * 1024 * 1024, 0x20))), /verdächtig stark komprimiert/],
  ['an unknown format', ({ entries }) => repack(entries, (_c, m) => { m.format = 'anderes-programm'; }), /unbekanntes Format/],
  ['an unknown format version', ({ entries }) => repack(entries, (_c, m) => { m.formatVersion = 0; }), /unbekanntes Format/],
  ['a newer schema', ({ entries }) => repack(entries, (_c, m) => { m.schemaVersion = 99; }), /Bitte zuerst Quartiersatlas aktualisieren/],
  ['a newer format', ({ entries }) => repack(entries, (_c, m) => { m.formatVersion = 2; }), /Bitte zuerst Quartiersatlas aktualisieren/],
  ['an unknown table', ({ entries }) => mutateOps(entries, (ops) => { ops[0]!.table = 'sqlite_master'; }), /unbekannte Tabelle/],
  ['SQL in a table name', ({ entries }) => mutateOps(entries, (ops) => { ops[0]!.table = 'spatial_levels; DROP TABLE ops; --'; }), /unbekannte Tabelle/],
  ['an unknown field', ({ entries }) => mutateOps(entries, (ops) => { ops.at(-1)!.field = 'name = 1, deleted'; ops.at(-1)!.seen = null; }), /unbekanntes Feld/],
  ['an unknown field inside a creation', ({ entries }) => mutateOps(entries, (ops) => { const create = ops.find((o) => o.field === '*')!; (create.value as Record<string, unknown>)['id) VALUES (1); --'] = 1; }), /unbekanntes Feld/],
  ['an invalid value', ({ entries }) => mutateOps(entries, (ops) => { const rename = ops.find((o) => o.field === 'name')!; rename.value = { $gt: 1 }; }), /ungültiger Wert für spatial_levels.name/],
  ['a time stamp of another laptop', ({ entries, ben }) => mutateOps(entries, (ops) => { ops[0]!.hlc = String(ops[0]!.hlc).replace(/-[0-9a-z]+$/, `-${ben.id}`); }), /Zeitstempel gehört zu einer anderen Installation/],
  ['a change counted twice', ({ entries }) => repack(entries, (copy, m) => { copy.set('ops.jsonl', Buffer.from(`${copy.get('ops.jsonl')!.toString()}\n${copy.get('ops.jsonl')!.toString().split('\n')[0]}`)); m.counts.ops += 1; }), /doppelt/],
  ['changes of the reading laptop it does not have', ({ entries, anna, ben }) => mutateOps(entries, (ops) => { for (const op of ops.filter((o) => o.replica === anna.id)) { op.replica = ben.id; op.hlc = String(op.hlc).replace(/-[0-9a-z]+$/, `-${ben.id}`); op.seq = Number(op.seq) + 1000; } }), /Änderungen dieses Laptops, die hier fehlen/],
];

describe('corrupt exchange files', () => {
  it.each(cases)('refuses %s with a clear message and leaves the database byte-identical', (_name, build, message) => {
    const ctx = setup();
    const broken = path.join(office.dir, 'kaputt.qatlas');
    fs.writeFileSync(broken, build(ctx));
    const db = ctx.ben.db;
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const before = fileHash(db.path);
    const walBefore = fs.statSync(`${db.path}-wal`).size;
    for (const attempt of [previewExchange, importExchange]) {
      let error: unknown;
      try {
        attempt(db.sqlite, broken, { blobDirectory: ctx.ben.blobs });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(UserFacingError);
      expect((error as UserFacingError).message).toMatch(message);
    }
    expect(fs.statSync(`${db.path}-wal`).size).toBe(walBefore);
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    expect(fileHash(db.path)).toBe(before);
    // The intact file still goes in afterwards.
    expect(importExchange(db.sqlite, ctx.file, { blobDirectory: ctx.ben.blobs }).newOps).toBeGreaterThan(0);
  });

  it('refuses every single flipped byte of a file', () => {
    const { ben, file } = setup();
    const original = fs.readFileSync(file);
    const step = Math.max(1, Math.floor(original.length / 150));
    for (let at = 0; at < original.length; at += step) {
      const broken = path.join(office.dir, `kippe${at}.qatlas`);
      fs.writeFileSync(broken, flip(original, at));
      expect(() => previewExchange(ben.db.sqlite, broken, { blobDirectory: ben.blobs }), `Byte ${at}`).toThrow(UserFacingError);
    }
  });

  it('refuses entries beyond the size limit before inflating them', () => {
    const { ben, entries } = setup();
    const file = path.join(office.dir, 'gross.qatlas');
    fs.writeFileSync(file, repack(entries, () => {}));
    const limits = { maxEntries: 100, maxEntryBytes: 100, maxTotalBytes: 10_000, maxRatio: 200 };
    expect(() => importExchange(ben.db.sqlite, file, { blobDirectory: ben.blobs, limits })).toThrow(/entpackt zu groß/);
    expect(zlib.crc32).toBeTypeOf('function');
  });
});
