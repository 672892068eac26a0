import { EventEmitter } from 'node:events';
import type { CallResult, EventName, EventPayload } from '../../shared/contract.ts';
import { createHandlers, type FileChoiceRequest } from './api/handlers.ts';
import { dispatch, type CallContext } from './api/dispatch.ts';
import { APP_VERSION } from './app-version.ts';
import { openDatabase, type OpenedDatabase } from './db/open-database.ts';
import { defaultResourcesDir, isDatabaseEmpty, seedDemo } from './demo/seed-demo.ts';
import { defaultWorkerFile, runJob } from './jobs/run-job.ts';
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
  const database = openDatabase(options.dbPath, { lock: true });
  const workerFile = options.workerFile ?? defaultWorkerFile();
  const events = new EventEmitter();
  const basemap = new BasemapService(database.sqlite);
  try {
    let demoLoaded = false;
    if (options.seedDemoIfEmpty && isDatabaseEmpty(database.sqlite)) {
      await seedDemo((job) => runJob(database.path, job, undefined, workerFile), options.resourcesDir ?? defaultResourcesDir());
      demoLoaded = true;
    }
    const handlers = createHandlers({
      db: database.sqlite,
      databasePath: database.path,
      host: options.host,
      appVersion: APP_VERSION,
      basemap,
      runJob: (job, progress) => runJob(database.path, job, progress, workerFile),
      chooseFile: options.chooseFile ?? null,
    });
    const context: CallContext = {
      emit<E extends EventName>(event: E, payload: EventPayload<E>) {
        events.emit('event', event, payload);
      },
    };
    return {
      database,
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
