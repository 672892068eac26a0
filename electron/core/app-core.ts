import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { CallResult, EventName, EventPayload } from '../../shared/contract.ts';
import { createHandlers, type FileChoiceRequest } from './api/handlers.ts';
import { dispatch, type CallContext, type Handlers } from './api/dispatch.ts';
import { APP_VERSION } from './app-version.ts';
import { openDatabase, type OpenedDatabase } from './db/open-database.ts';
import { defaultResourcesDir, isDatabaseEmpty, seedDemo } from './demo/seed-demo.ts';
import { defaultWorkerFile, runJob, type JobProgress } from './jobs/run-job.ts';
import type { Job } from './jobs/job-types.ts';
import { createSnapshot } from './safety/snapshots.ts';
import { swapDatabaseFile } from './db/swap-database.ts';
import { UserFacingError } from './errors.ts';
import { readLocalReplica } from './sync/replica.ts';
import { BasemapService } from './services/basemap.ts';

export interface AppCoreOptions {
  dbPath: string;
  host: 'electron' | 'web';
  /** Load the Flensburg demo when the database holds no data yet (first start). */
  seedDemoIfEmpty?: boolean;
  resourcesDir?: string;
  /** Check every handler's output against the contract (tests, development). */
  checkOutputs?: boolean;
  /** Where the job worker script is (the packaged app keeps it outside the asar archive). */
  workerFile?: string;
  /** A native "open file" dialog, where the host has one (Electron); returns a path or null. */
  chooseFile?: (request: FileChoiceRequest) => Promise<string | null>;
}


export type { FileChoiceRequest };
export type EventListener = (event: EventName, payload: unknown) => void;

/**
 * Everything behind the contract, independent of the transport: the Electron main process and
 * the loopback web host each wrap one AppCore. Runs in plain Node.
 */
export interface AppCore {
  readonly database: OpenedDatabase;
  readonly demoLoaded: boolean;
  call(method: string, input: unknown): Promise<CallResult<unknown>>;
  onEvent(listener: EventListener): () => void;
  close(): void;
}

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  let database = openDatabase(options.dbPath, { lock: true });
  const workerFile = options.workerFile ?? defaultWorkerFile();
  const events = new EventEmitter();
  let basemap = new BasemapService(database.sqlite);
  let runningJobs = 0;
  const runJobAt = async (dbPath: string, job: Job, progress?: JobProgress) => {
    const onOpenDatabase = path.resolve(dbPath) === database.path;
    if (onOpenDatabase) runningJobs += 1;
    try {
      return await runJob(dbPath, job, progress, workerFile);
    } finally {
      if (onOpenDatabase) runningJobs -= 1;
    }
  };
  try {
    let demoLoaded = false;
    if (options.seedDemoIfEmpty && isDatabaseEmpty(database.sqlite)) {
      await seedDemo((job) => runJobAt(database.path, job), options.resourcesDir ?? defaultResourcesDir());
      demoLoaded = true;
    }
    const buildHandlers = (): Handlers =>
      createHandlers({
        db: database.sqlite,
        databasePath: database.path,
        host: options.host,
        appVersion: APP_VERSION,
        basemap,
        runJob: (job, progress) => runJobAt(database.path, job, progress),
        runJobAt,
        replaceDatabase,
        chooseFile: options.chooseFile ?? null,
      });
    let handlers = buildHandlers();

    /**
     * Restores and first setups swap a checked file in under the same path, so both hosts keep
     * their database path; the state before is snapshotted, and reopened if the swap fails.
     */
    async function replaceDatabase(preparedFile: string, reason: string): Promise<{ replicaId: string }> {
      // A worker still writing to the open file would lose its work with the swap.
      if (runningJobs > 0) {
        throw new UserFacingError('busy', 'Gerade läuft noch ein Import oder ein Einlesen. Bitte warten, bis es fertig ist, und dann noch einmal versuchen.');
      }
      const dbPath = database.path;
      createSnapshot(database.sqlite, dbPath, reason);
      basemap.close();
      database.close();
      try {
        const swap = swapDatabaseFile(dbPath, preparedFile);
        try {
          database = openDatabase(dbPath, { lock: true });
          swap.commit();
        } catch (error) {
          swap.rollback();
          throw error;
        }
      } catch (error) {
        database = openDatabase(dbPath, { lock: true });
        throw error;
      } finally {
        basemap = new BasemapService(database.sqlite);
        handlers = buildHandlers();
      }
      return { replicaId: readLocalReplica(database.sqlite)!.replicaId };
    }

    const context: CallContext = {
      emit<E extends EventName>(event: E, payload: EventPayload<E>) {
        events.emit('event', event, payload);
      },
    };
    return {
      get database() {
        return database;
      },
      demoLoaded,
      call: (method, input) => dispatch(handlers, method, input, context, { checkOutput: options.checkOutputs }),
      onEvent(listener) {
        events.on('event', listener);
        return () => events.off('event', listener);
      },
      close() {
        basemap.close();
        database.close();
      },
    };
  } catch (error) {
    basemap.close();
    database.close();
    throw error;
  }
}
