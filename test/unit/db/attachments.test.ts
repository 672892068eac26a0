import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachmentsDirectory, readAttachment, storeAttachment } from '../../../electron/core/services/attachments.ts';
import { tempDatabase } from '../../helpers/temp-db.ts';

describe('attachments (content-addressed)', () => {
  it('stores bytes once under their SHA-256 and records them in the change log', () => {
    const db = tempDatabase();
    const data = new TextEncoder().encode('Foto vom Quartiersspaziergang');
    const first = storeAttachment(db.sqlite, db.path, { name: 'spielplatz.jpg', mime: 'image/jpeg', data });
    expect(first.id).toBe(crypto.createHash('sha256').update(data).digest('hex'));
    const again = storeAttachment(db.sqlite, db.path, { name: 'spielplatz.jpg', mime: 'image/jpeg', data });
    expect(again.id).toBe(first.id);
    expect(fs.readdirSync(attachmentsDirectory(db.path))).toEqual([first.id]);
    expect(new TextDecoder().decode(readAttachment(db.path, first.id))).toBe('Foto vom Quartiersspaziergang');
    const ops = db.sqlite.prepare("SELECT count(*) AS n FROM ops WHERE tbl = 'attachments'").get() as { n: number };
    expect(ops.n).toBe(1);
  });

  it('notices a blob damaged on disk', () => {
    const db = tempDatabase();
    const stored = storeAttachment(db.sqlite, db.path, { name: 'a.txt', mime: 'text/plain', data: new Uint8Array([1, 2, 3]) });
    fs.writeFileSync(path.join(attachmentsDirectory(db.path), stored.id), new Uint8Array([1, 2, 4]));
    expect(() => readAttachment(db.path, stored.id)).toThrow(/beschädigt/);
    expect(() => readAttachment(db.path, '../../etc/passwd')).toThrow(/Ungültige/);
  });
});
