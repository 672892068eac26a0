import { migration0001 } from './0001-initial.ts';
import { migration0002 } from './0002-indicators.ts';
import { migration0003 } from './0003-facilities.ts';
import { migration0004 } from './0004-exchange.ts';
import type { Migration } from './types.ts';

/** Every migration in order. Append only; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;
