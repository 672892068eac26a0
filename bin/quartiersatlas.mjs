#!/usr/bin/env node
// Runs the TypeScript CLI directly: Node 24 strips types natively, so no build step is needed.
import { runCli } from '../electron/cli/main.ts';

process.exitCode = await runCli(process.argv.slice(2));
