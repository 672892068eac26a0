import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { catalogueFileSchema } from '../../shared/catalogue-file.ts';
import { formatIssue } from '../../shared/import-issue.ts';
import { UserFacingError } from '../core/errors.ts';
import { openDatabase, type OpenedDatabase } from '../core/db/open-database.ts';
import { seedDemo } from '../core/demo/seed-demo.ts';
import { ImportFailed } from '../core/geo/types.ts';
import type { ImportSummary } from '../core/imports/types.ts';
import { runJob } from '../core/jobs/run-job.ts';
import { databaseInfo } from '../core/services/database-info.ts';
import { valueTable } from '../core/exports/value-table.ts';
import { valuesToCsv } from '../core/exports/write-csv.ts';
import { valuesToXlsx } from '../core/exports/write-xlsx.ts';
import { exportUnits } from '../core/exports/export-units.ts';
import { exportFacilities } from '../core/exports/export-facilities.ts';
import { backupCommand, restoreCommand, syncExportCommand, syncImportCommand, type CommandOutput } from './exchange-commands.ts';
import { HELP } from './help.ts';
import { collectSourceFiles } from './source-files.ts';
import { slugKey } from '../core/sync/ids.ts';

class UsageError extends Error {}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const consoleIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Runs one CLI invocation; returns the exit code (0 ok, 1 data or database error, 2 usage). */
export async function runCli(argv: string[], io: CliIo = consoleIo): Promise<number> {
  let json = false;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        json: { type: 'boolean', default: false },
        kind: { type: 'string' },
        level: { type: 'string' },
        category: { type: 'string' },
        'code-field': { type: 'string' },
        'name-field': { type: 'string' },
        'parent-field': { type: 'string' },
        'id-field': { type: 'string' },
        crs: { type: 'string' },
        'valid-from': { type: 'string' },
        layer: { type: 'string' },
        'from-level': { type: 'string' },
        mapping: { type: 'string' },
        indicators: { type: 'string' },
        period: { type: 'string' },
        suppress: { type: 'string' },
        catalogue: { type: 'string' },
        'keep-valid': { type: 'boolean', default: false },
        'unit-field': { type: 'string' },
        'period-field': { type: 'string' },
        'indicator-field': { type: 'string' },
        'value-field': { type: 'string' },
        field: { type: 'string' },
        'skip-invalid': { type: 'boolean', default: false },
        out: { type: 'string' },
        duplicates: { type: 'string' },
        for: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    json = values.json ?? false;
    const [command, ...rest] = positionals;
    if (values.help || !command || command === 'help') {
      io.out(HELP);
      return command || values.help ? 0 : 2;
    }
    const dbPath = values.db ?? process.env.QUARTIERSATLAS_DB;
    if (!dbPath) throw new UsageError('Bitte die Datenbank mit --db DATEI angeben.');

    switch (command) {
      case 'demo':
        return await withDatabase(dbPath, async (db) => {
          const results = await seedDemo((job) => runJob(db.path, job));
          report(io, json, { results, info: databaseInfo(db.sqlite) }, () => results.map(summaryLine).join('\n'));
          return 0;
        });
      case 'info':
        return await withDatabase(dbPath, async (db) => {
          const info = databaseInfo(db.sqlite);
          report(io, json, { database: db.path, ...info }, () => infoText(db.path, info));
          return 0;
        });
      case 'import': {
        if (rest.length === 0) throw new UsageError('Bitte die zu importierende Datei angeben.');
        const files = collectSourceFiles(rest);
        const crs = values.crs;
        return await withDatabase(dbPath, async (db) => {
          let result: ImportSummary;
          if (values.kind === 'units') {
            if (!values.level) throw new UsageError('Für --kind units bitte die Ebene mit --level NAME angeben.');
            result = (await runJob(db.path, {
              kind: 'import-units',
              files,
              options: {
                level: values.level,
                codeField: values['code-field'],
                nameField: values['name-field'],
                parentField: values['parent-field'],
                crs,
                layer: values.layer,
                validFrom: values['valid-from'],
                skipInvalidFeatures: values['skip-invalid'],
              },
            })) as ImportSummary;
          } else if (values.kind === 'facilities') {
            const mapping = values.mapping ? readJsonFile(values.mapping, 'Zuordnung') : undefined;
            const hasCategory = Boolean(mapping && typeof mapping === 'object' && 'category' in mapping);
            if (!values.category && !hasCategory) throw new UsageError('Für --kind facilities bitte die Kategorie mit --category NAME angeben (oder in der Zuordnung).');
            const duplicates = values.duplicates;
            if (duplicates !== undefined && !['ask', 'skip', 'keep', 'update'].includes(duplicates)) {
              throw new UsageError('--duplicates erwartet skip (überspringen), keep (trotzdem anlegen) oder update (vorhandene aktualisieren).');
            }
            result = (await runJob(db.path, {
              kind: 'import-facilities',
              files,
              options: {
                category: values.category,
                nameField: values['name-field'],
                idField: values['id-field'],
                crs,
                layer: values.layer,
                mapping,
                duplicates: duplicates as 'ask' | 'skip' | 'keep' | 'update' | undefined,
              },
            })) as ImportSummary;
          } else if (values.kind === 'values') {
            if (files.length !== 1) throw new UsageError('Werte bitte aus genau einer Datei importieren.');
            const mapping = values.mapping ? readJsonFile(values.mapping, 'Zuordnung') : longFormatMapping(values);
            const catalogue = values.catalogue ? catalogueFileSchema.parse(readJsonFile(values.catalogue, 'Katalog')) : undefined;
            result = (await runJob(db.path, {
              kind: 'import-values',
              file: files[0]!,
              options: { mapping, catalogue, keepValidRowsOnly: values['keep-valid'] },
            })) as ImportSummary;
          } else {
            throw new UsageError('Bitte --kind units, --kind facilities oder --kind values angeben.');
          }
          report(io, json, result, () => summaryLine(result));
          return 0;
        });
      }
      case 'dissolve': {
        const sourceLevel = values['from-level'];
        const groupField = values.field;
        if (!sourceLevel || !groupField || !values.level) {
          throw new UsageError('Bitte --from-level NAME, --field MERKMAL und --level NEUE_EBENE angeben.');
        }
        const level = values.level;
        return await withDatabase(dbPath, async (db) => {
          const result = (await runJob(db.path, { kind: 'dissolve-level', options: { sourceLevel, groupField, nameField: values['name-field'], level } })) as ImportSummary;
          report(io, json, result, () => summaryLine(result));
          return 0;
        });
      }
      case 'export': {
        if (rest[0] === 'facilities') {
          if (!values.out) throw new UsageError('Bitte --out DATEI.geojson angeben.');
          const out = values.out;
          const names = values.category ? values.category.split(',').map((c) => c.trim()).filter(Boolean) : undefined;
          return await withDatabase(dbPath, async (db) => {
            const categoryIds = names?.map((name) => {
              const row = db.sqlite.prepare('SELECT id FROM facility_categories WHERE deleted = 0 AND (name = ? OR key = ?)').get(name, slugKey(name)) as { id: string } | undefined;
              if (!row) throw new UserFacingError('category-missing', `Die Kategorie „${name}“ gibt es nicht.`);
              return row.id;
            });
            const count = exportFacilities(db.sqlite, out, { categoryIds });
            report(io, json, { file: out, features: count }, () => `${count} Einrichtungen nach ${out} geschrieben.`);
            return 0;
          });
        }
        if (!values.level || !values.out) throw new UsageError('Bitte --level NAME und --out DATEI angeben.');
        const level = values.level;
        const out = values.out;
        const indicators = values.indicators ? values.indicators.split(',').map((c) => c.trim()).filter(Boolean) : [];
        const suppressionThreshold = values.suppress === undefined ? 3 : Number(values.suppress);
        if (!Number.isInteger(suppressionThreshold) || suppressionThreshold < 0) throw new UsageError('--suppress braucht eine ganze Zahl ab 0.');
        if (rest[0] === 'units') {
          return await withDatabase(dbPath, async (db) => {
            const count = exportUnits(db.sqlite, level, out, { indicators, period: values.period, suppressionThreshold });
            report(io, json, { file: out, features: count }, () => `${count} Einheiten nach ${out} geschrieben.`);
            return 0;
          });
        }
        if (rest[0] === 'values') {
          return await withDatabase(dbPath, async (db) => {
            const rows = valueTable(db.sqlite, { indicators, level, suppressionThreshold });
            const data = out.toLowerCase().endsWith('.xlsx') ? await valuesToXlsx(rows) : valuesToCsv(rows);
            writeFileAtomically(out, data);
            const hidden = rows.filter((r) => r.flag === 'suppressed').length;
            report(io, json, { file: out, rows: rows.length, suppressed: hidden }, () => `${rows.length} Werte nach ${out} geschrieben (${hidden} geheim gehalten).`);
            return 0;
          });
        }
        throw new UsageError('Exportieren lässt sich: export units, export values, export facilities.');
      }
      case 'sync': {
        const out = values.out;
        if (rest[0] === 'export') {
          if (!out) throw new UsageError('Bitte die Austauschdatei mit --out DATEI.qatlas angeben.');
          return await withDatabase(dbPath, async (db) => print(io, json, syncExportCommand(db, out, values.for)));
        }
        if (rest[0] === 'import') {
          const file = rest[1];
          if (!file || rest.length > 2) throw new UsageError('Bitte genau eine Austauschdatei angeben: sync import DATEI.qatlas --db DATEI.');
          return await withDatabase(dbPath, async (db) => print(io, json, syncImportCommand(db, file)));
        }
        throw new UsageError('Austauschen lässt sich: sync export, sync import.');
      }
      case 'backup': {
        const out = values.out;
        if (!out) throw new UsageError('Bitte die Sicherungsdatei mit --out DATEI angeben.');
        return await withDatabase(dbPath, async (db) => print(io, json, backupCommand(db, out)));
      }
      case 'restore': {
        if (rest.length !== 1) throw new UsageError('Bitte genau eine Sicherungsdatei angeben: restore DATEI --db NEUE_DATEI.');
        return print(io, json, restoreCommand(rest[0]!, dbPath));
      }
      default:
        throw new UsageError(`Unbekannter Befehl „${command}“.`);
    }
  } catch (error) {
    return reportError(io, json, error);
  }
}

async function withDatabase(dbPath: string, work: (db: OpenedDatabase) => Promise<number>): Promise<number> {
  const db = openDatabase(dbPath, { lock: true });
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

function writeFileAtomically(file: string, data: Uint8Array): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, data);
  fs.renameSync(temporary, file);
}

function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UserFacingError('file-missing', `${what}: Die Datei ${file} gibt es nicht.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UserFacingError('invalid-json', `${what}: ${file} ist kein gültiges JSON (${(error as Error).message}).`);
  }
}

/** The simple long format (one row per unit, period, indicator and value) from flags. */
function longFormatMapping(values: Record<string, string | boolean | undefined>): unknown {
  const unit = values['unit-field'];
  const period = values['period-field'];
  const indicator = values['indicator-field'];
  const value = values['value-field'];
  const level = values.level;
  if (typeof unit !== 'string' || typeof period !== 'string' || typeof indicator !== 'string' || typeof value !== 'string' || typeof level !== 'string') {
    throw new UsageError('Für Werte bitte --mapping DATEI.json angeben, oder --level, --unit-field, --period-field, --indicator-field und --value-field.');
  }
  return {
    version: 1,
    name: 'Langformat (Kommandozeile)',
    format: 'long',
    units: { column: unit, match: 'auto', level },
    period: { column: period },
    indicator: { column: indicator },
    value: { column: value },
  };
}

function report(io: CliIo, json: boolean, value: unknown, text: () => string): void {
  io.out(json ? JSON.stringify(value, null, 2) : text());
}

function print(io: CliIo, json: boolean, output: CommandOutput): number {
  report(io, json, output.value, () => output.text);
  return 0;
}

function summaryLine(summary: ImportSummary): string {
  const ended = summary.ended ? `, ${summary.ended} beendet (nicht mehr in der Datei)` : '';
  const crs = summary.sourceCrs ? ` (${summary.sourceCrs})` : '';
  const lines = [
    `${summary.file}${crs}: ${summary.created} neu, ${summary.updated} geändert, ${summary.unchanged} unverändert${ended}.`,
  ];
  const facility = summary as ImportSummary & { skipped?: number; duplicates?: number };
  if (facility.duplicates) lines.push(`  ${facility.duplicates} mögliche Dubletten entschieden, ${facility.skipped ?? 0} Zeilen übersprungen.`);
  for (const warning of summary.warnings) lines.push(`  Hinweis – ${formatIssue(warning)}`);
  return lines.join('\n');
}

function infoText(dbPath: string, info: ReturnType<typeof databaseInfo>): string {
  const lines = [`Datenbank: ${dbPath}`, `Schema-Version: ${info.schemaVersion}`, `Replika-ID: ${info.replicaId}`, 'Gebietseinheiten je Ebene:'];
  for (const [level, count] of Object.entries(info.unitsPerLevel)) lines.push(`  ${level}: ${count}`);
  lines.push('Tabellen:');
  for (const [table, count] of Object.entries(info.counts)) lines.push(`  ${table}: ${count}`);
  lines.push(`Änderungsprotokoll: ${info.operations} Operationen`);
  return lines.join('\n');
}

function reportError(io: CliIo, json: boolean, error: unknown): number {
  const code = error instanceof UsageError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? 2 : 1;
  const issues = error instanceof ImportFailed ? error.issues : [];
  const message =
    error instanceof ImportFailed
      ? `Import abgebrochen, die Datenbank wurde nicht verändert:\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`
      : error instanceof UserFacingError || error instanceof UsageError || code === 2
        ? (error as Error).message
        : `Unerwarteter Fehler: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  if (json) io.out(JSON.stringify({ error: { code: (error as { code?: string }).code ?? 'error', message, issues } }, null, 2));
  else io.err(message + (code === 2 ? '\nHilfe: quartiersatlas --help' : ''));
  return code;
}
