/**
 * `keyport config list | get <key> | set <key> <value> | unset <key>`: every setting, by name, checked
 * by the settings schema (src/core/settings-edit.ts). A running proxy — `keyport serve` or the app —
 * picks a change up from metadata.json at once, except the port, on which `keyport serve` keeps
 * listening until it is restarted (the app moves its proxy to the new port).
 */
import type { Command } from 'commander';
import {
  defaultSetting,
  describeSetting,
  formatSettingValue,
  parseSettingValue,
  SETTING_KEYS,
  settingKey,
  type SettingKey,
} from '../../core/settings-edit.js';
import type { Settings } from '../../store/schema.js';
import { withCliContext } from '../cli-context.js';
import { renderTable } from '../format-output.js';

async function change<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
  await withCliContext(async ({ core }) => {
    await core.metadata.update((draft) => {
      draft.settings[key] = value;
    });
  });
  process.stdout.write(`${key} = ${formatSettingValue(value)}\n`);
  if (key === 'port') {
    process.stderr.write('A running `keyport serve` keeps its port until restarted; the app moves its proxy now.\n');
  }
}

export function registerConfigCommand(program: Command): void {
  const config = program
    .command('config')
    .description('Show and change settings (the proxy applies changes at once).')
    .addHelpText('after', `\nSettings:\n${SETTING_KEYS.map((key) => `  ${key}: ${describeSetting(key)}`).join('\n')}`);

  config
    .command('list')
    .description('Every setting with its value and default.')
    .option('--json', 'print { key: value }')
    .action(async (flags: { readonly json?: boolean }) => {
      const settings = await withCliContext(async ({ core }) => core.metadata.read().settings);
      if (flags.json) {
        const shown = Object.fromEntries(SETTING_KEYS.map((key) => [key, settings[key]]));
        if (typeof shown.proxy === 'string') shown.proxy = formatSettingValue(shown.proxy);
        process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
        return;
      }
      const rows = SETTING_KEYS.map((key) => [
        key,
        formatSettingValue(settings[key]),
        formatSettingValue(defaultSetting(key)),
        describeSetting(key),
      ]);
      process.stdout.write(`${renderTable(['SETTING', 'VALUE', 'DEFAULT', 'MEANING'], rows)}\n`);
    });

  config
    .command('get')
    .description('Print one setting’s value (in the form `config set` takes).')
    .argument('<key>', 'the setting')
    .action(async (raw: string) => {
      const key = settingKey(raw);
      const settings = await withCliContext(async ({ core }) => core.metadata.read().settings);
      process.stdout.write(`${formatSettingValue(settings[key])}\n`);
    });

  config
    .command('set')
    .description('Change a setting; the value is checked first (lists as 7,1; null or none where allowed).')
    .argument('<key>', 'the setting')
    .argument('<value>', 'the new value')
    .action(async (raw: string, text: string) => {
      const key = settingKey(raw);
      await change(key, parseSettingValue(key, text));
    });

  config
    .command('unset')
    .description('Put a setting back to its default.')
    .argument('<key>', 'the setting')
    .action(async (raw: string) => {
      const key = settingKey(raw);
      await change(key, defaultSetting(key));
    });
}
