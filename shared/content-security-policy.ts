/**
 * The one Content-Security-Policy of the app: sent by the Electron app:// protocol and by the
 * web host with every response (renderer/index.html repeats it as a meta tag; a unit test holds
 * them equal). No remote origin anywhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
