/**
 * Settings by name, generic over SettingsSchema: the keys, their descriptions and checks all come
 * from the schema, so `keyport config` covers a setting added there with no change of its own.
 * A value typed on the command line is tried as JSON (12, true, null, [7,1]), then as a
 * comma-separated list (7,1), then as the plain text (tools/call, none, a URL); the first form the
 * schema accepts wins, and none accepted is an error quoting the schema's reason.
 */
import { KeyportError } from '../errors.js';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '../store/schema.js';

export type SettingKey = keyof Settings;

export const SETTING_KEYS = Object.keys(SettingsSchema.shape) as SettingKey[];

export function describeSetting(key: SettingKey): string {
  return SettingsSchema.shape[key].description ?? '';
}

function closest(input: string): string | undefined {
  const lower = input.toLowerCase();
  return (
    SETTING_KEYS.find((key) => key.toLowerCase() === lower) ??
    SETTING_KEYS.find((key) => key.toLowerCase().startsWith(lower.slice(0, 4)))
  );
}

/** The setting named `input`; an unknown name is an error naming the settings (and the closest one). */
export function settingKey(input: string): SettingKey {
  if ((SETTING_KEYS as string[]).includes(input)) return input as SettingKey;
  const near = input.trim() === '' ? undefined : closest(input);
  throw new KeyportError(
    'INVALID_INPUT',
    `Unknown setting "${input.slice(0, 40)}"${near ? ` (did you mean ${near}?)` : ''}; the settings are ${SETTING_KEYS.join(', ')}.`,
  );
}

/** The forms `text` may mean, the one whose refusal explains best first: JSON, a list, the plain text. */
function candidates(text: string): unknown[] {
  const forms: unknown[] = [];
  try {
    forms.push(JSON.parse(text));
  } catch {
    // not JSON: a list or the plain text
  }
  if (text.includes(',')) {
    forms.push(text.split(',').map((item) => (/^\s*-?\d+(\.\d+)?\s*$/.test(item) ? Number(item) : item.trim())));
  }
  forms.push(text);
  return forms;
}

/** `text` as a valid value of setting `key`, or an error naming the setting, the value and why. */
export function parseSettingValue<K extends SettingKey>(key: K, text: string): Settings[K] {
  const schema = SettingsSchema.shape[key];
  let reason: string | undefined;
  for (const form of candidates(text.trim())) {
    const checked = schema.safeParse(form);
    if (checked.success) return checked.data as Settings[K];
    // The first form tried says best what is wrong: 1.5 is "not an integer", 80,120 "too big".
    reason ??= checked.error.issues[0]?.message;
  }
  throw new KeyportError(
    'INVALID_INPUT',
    `"${formatSettingValue(text).slice(0, 40)}" is not a valid ${key}: ${reason ?? 'invalid value'} (${key}: ${describeSetting(key)}).`,
  );
}

/** How a value is shown (and typed back, and echoed in a refusal): JSON, except plain strings; a URL's password hidden. */
export function formatSettingValue(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  try {
    const url = new URL(value);
    if (url.password !== '') {
      url.password = '***';
      return url.href;
    }
  } catch {
    // not a URL
  }
  return value;
}

export function defaultSetting<K extends SettingKey>(key: K): Settings[K] {
  return structuredClone(DEFAULT_SETTINGS[key]);
}
