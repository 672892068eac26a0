import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../shared/content-security-policy.ts';
import { REPO_ROOT } from '../../helpers/fixtures.ts';

describe('one Content-Security-Policy', () => {
  it('index.html carries the same policy as the hosts send (frame-ancestors aside, which meta tags ignore)', () => {
    const html = fs.readFileSync(path.join(REPO_ROOT, 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    const directives = (policy: string) => policy.split(';').map((d) => d.trim()).filter((d) => d && !d.startsWith('frame-ancestors')).sort();
    expect(directives(meta!)).toEqual(directives(CONTENT_SECURITY_POLICY));
  });

  it('names no remote origin', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*/);
  });
});
