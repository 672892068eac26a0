import fs from 'node:fs';
import path from 'node:path';
import type { SourceFile } from '../core/geo/types.ts';
import { UserFacingError } from '../core/errors.ts';

const SHAPEFILE_PARTS = ['.shp', '.dbf', '.shx', '.prj', '.cpg'];

/** The files a path stands for: a .shp brings its siblings (.dbf, .shx, .prj, .cpg) along. */
export function collectSourceFiles(paths: string[]): SourceFile[] {
  const files = new Map<string, SourceFile>();
  for (const given of paths) {
    if (!fs.existsSync(given)) throw new UserFacingError('file-missing', `Die Datei ${given} gibt es nicht.`);
    const add = (file: string) => {
      if (!files.has(file)) files.set(file, { name: path.basename(file), data: new Uint8Array(fs.readFileSync(file)) });
    };
    add(given);
    if (path.extname(given).toLowerCase() === '.shp') {
      const base = given.slice(0, -4);
      const siblings = fs.readdirSync(path.dirname(given));
      for (const ext of SHAPEFILE_PARTS) {
        const hit = siblings.find((s) => s.toLowerCase() === `${path.basename(base)}${ext}`.toLowerCase());
        if (hit) add(path.join(path.dirname(given), hit));
      }
    }
  }
  return [...files.values()];
}
