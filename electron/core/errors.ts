/**
 * An error meant for the person at the screen: `message` is German and complete. `code` lets
 * callers (CLI exit codes, UI) react without parsing text.
 */
export class UserFacingError extends Error {
  readonly code: string;
  readonly details: unknown;
  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'UserFacingError';
    this.code = code;
    this.details = details;
  }
}
