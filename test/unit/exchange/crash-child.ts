// Child process of crash-safety.test.ts: loads everything, says "ready", then imports the
// exchange file (argv) into the database whose path arrives on stdin, and says "done".
// The test kills it with SIGKILL at a random moment.
import readline from 'node:readline';
import { openDatabase } from '../../../electron/core/db/open-database.ts';
import { importExchange } from '../../../electron/core/exchange/import-exchange.ts';
import { blobDirectoryFor } from '../../../electron/core/sync/blob-store.ts';

const exchangeFile = process.argv[2]!;
const lines = readline.createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const dbPath of lines) {
  const db = openDatabase(dbPath, { lock: false });
  importExchange(db.sqlite, exchangeFile, { blobDirectory: blobDirectoryFor(dbPath) });
  db.close();
  process.stdout.write('done\n');
}
