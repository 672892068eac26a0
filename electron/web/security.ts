import crypto from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy.ts';

export { CONTENT_SECURITY_POLICY };

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function setSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

/** A fresh session token: 32 random bytes, base64url (43 characters). */
export function createSessionToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/**
 * Checks an `Authorization: Bearer …` header against the session token in constant time
 * (both sides are hashed first, so neither content nor length leaks through timing).
 */
export function bearerTokenMatches(header: string | undefined, token: string): boolean {
  if (typeof header !== 'string') return false;
  const match = /^Bearer ([^\s]+)$/i.exec(header.trim());
  const presented = match?.[1] ?? '';
  const a = crypto.createHash('sha256').update(presented, 'utf8').digest();
  const b = crypto.createHash('sha256').update(token, 'utf8').digest();
  return crypto.timingSafeEqual(a, b) && presented.length > 0;
}

export type HostKind = 'canonical' | 'localhost' | 'foreign';

/**
 * Against DNS rebinding: a page on a foreign name that resolves to 127.0.0.1 still sends its own
 * name in `Host`. Only `127.0.0.1:PORT` (canonical) and `localhost:PORT` are ours.
 */
export function classifyHost(header: string | undefined, port: number): HostKind {
  if (typeof header !== 'string') return 'foreign';
  const value = header.trim().toLowerCase();
  if (value === `127.0.0.1:${port}`) return 'canonical';
  if (value === `localhost:${port}`) return 'localhost';
  return 'foreign';
}

export function originAllowed(header: string | undefined, port: number): boolean {
  return header === `http://127.0.0.1:${port}`;
}
