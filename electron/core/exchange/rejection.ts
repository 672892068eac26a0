import { UserFacingError } from '../errors.ts';

/** Why a file was refused before anything was written; `reason` lets tests and the UI tell cases apart. */
export function rejected(reason: string, message: string): UserFacingError {
  return new UserFacingError('exchange-rejected', message, { reason });
}
