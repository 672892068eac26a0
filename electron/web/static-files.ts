import fs from 'node:fs';
import path from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pbf': 'application/x-protobuf',
  '.pmtiles': 'application/octet-stream',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps the still percent-encoded path of a request target onto a file below `root`, or null.
 * Purely lexical and strict: every segment is decoded once and must be a plain file name — no
 * `.`/`..`, no dot files, no (encoded) slashes or backslashes, no NUL or control characters,
 * no drive letters or stream names. `/` means `index.html`.
 */
export function resolveStaticPath(root: string, rawPath: string): string | null {
  if (!rawPath.startsWith('/')) return null;
  if (rawPath === '/') return path.join(root, 'index.html');
  const segments: string[] = [];
  for (const encoded of rawPath.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return null;
    }
    if (!isPlainFileName(segment)) return null;
    segments.push(segment);
  }
  const candidate = path.resolve(root, ...segments);
  const relative = path.relative(path.resolve(root), candidate);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return candidate;
}

function isPlainFileName(segment: string): boolean {
  if (segment === '' || segment.length > 255) return false;
  if (segment.startsWith('.')) return false;
  if (segment.endsWith(' ') || segment.endsWith('.')) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f/\\:*?"<>|]/.test(segment)) return false;
  return true;
}

export interface StaticFile {
  path: string;
  size: number;
  mtime: Date;
}

/**
 * Opens a resolved path only if it is a regular file whose real location (symlinks followed)
 * is still inside the real `root`.
 */
export async function statStaticFile(root: string, candidate: string): Promise<StaticFile | null> {
  try {
    const [realRoot, realFile] = await Promise.all([fs.promises.realpath(root), fs.promises.realpath(candidate)]);
    const relative = path.relative(realRoot, realFile);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
    const stat = await fs.promises.stat(realFile);
    if (!stat.isFile()) return null;
    return { path: realFile, size: stat.size, mtime: stat.mtime };
  } catch {
    return null;
  }
}
