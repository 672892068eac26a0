import type { Database } from 'better-sqlite3';
import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Compilable,
} from 'kysely';
import type { DatabaseSchema } from './schema-types.ts';

/**
 * Kysely as a typed query *builder* only: queries are compiled and run synchronously on
 * better-sqlite3, so reads and the write path share one synchronous transaction model.
 */
export const qb = new Kysely<DatabaseSchema>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

export function all<R>(db: Database, query: Compilable<R>): R[] {
  const { sql, parameters } = query.compile();
  return db.prepare(sql).all(...(parameters as unknown[])) as R[];
}

export function first<R>(db: Database, query: Compilable<R>): R | undefined {
  const { sql, parameters } = query.compile();
  return db.prepare(sql).get(...(parameters as unknown[])) as R | undefined;
}
