#!/usr/bin/env node
// The `keyport` executable: parse argv, run the command, map failures to a one-line reason and exit 1.
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv);
