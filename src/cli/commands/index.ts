// Every CLI command, one file each. Add a command: write commands/<name>.ts exporting
// `register<Name>Command(program)` and append it below.
import type { Command } from 'commander';
import { registerBridgeCommand } from './bridge.js';
import { registerConnectCommand } from './connect.js';
import { registerDisconnectCommand } from './disconnect.js';
import { registerImportCommand } from './import.js';
import { registerAccountCommand } from './account.js';
import { registerAddCommand } from './add.js';
import { registerDoctorCommand } from './doctor.js';
import { registerListCommand } from './list.js';
import { registerLoginCommand } from './login.js';
import { registerPauseCommand } from './pause.js';
import { registerRemoveCommand } from './remove.js';
import { registerResumeCommand } from './resume.js';
import { registerRotateCommand } from './rotate.js';
import { registerSetCommand } from './set.js';
import { registerServeCommand } from './serve.js';
import { registerClientCommand } from './client.js';
import { registerLogCommand } from './log.js';
import { registerUsageCommand } from './usage.js';
import { registerCheckCommand } from './check.js';
import { registerToolsCommand } from './tools.js';
import { registerConfigCommand } from './config.js';

const registrations: ReadonlyArray<(program: Command) => void> = [
  registerAddCommand,
  registerListCommand,
  registerRotateCommand,
  registerSetCommand,
  registerRemoveCommand,
  registerPauseCommand,
  registerResumeCommand,
  registerAccountCommand,
  registerDoctorCommand,
  registerConnectCommand,
  registerDisconnectCommand,
  registerImportCommand,
  registerBridgeCommand,
  registerServeCommand,
  registerClientCommand,
  registerLogCommand,
  registerUsageCommand,
  registerCheckCommand,
  registerLoginCommand,
  registerToolsCommand,
  registerConfigCommand,
];

export function registerCommands(program: Command): void {
  for (const register of registrations) register(program);
}
