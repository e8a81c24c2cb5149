/**
 * Holds three V8 settings while `keyport serve` starts, so that the one-time burst of loading the
 * proxy's modules and checking every token does not stay resident for the proxy's whole life:
 * - the young generation's growth: V8 answers the burst by growing it up to 16 MiB per
 *   semi-space, which then stays until V8's memory reducer shrinks it ~10 s later;
 * - TurboFan: module loading makes a few of Node's own loader functions hot enough to optimise,
 *   which maps ~4 MB of the optimising compiler's code into memory before any request arrives;
 * - WebAssembly's optimising tier: the start-up health checks' first upstream requests compile
 *   undici's HTTP parser (llhttp, WebAssembly). Compiled under `--liftoff-only` it keeps V8's
 *   baseline code for the process's life — measured here: ~10 MB less resident, and the same
 *   undici CPU per request (~12 µs) as with its optimised code, over 20,000 requests.
 * They are released once the proxy listens and its start-up checks are recorded, so traffic gets
 * V8's defaults for everything else (a young generation held small for good costs ~10 %
 * throughput; request handling is optimised as soon as it is hot). A user who sets one of these
 * flags themselves (node option or NODE_OPTIONS) keeps their setting.
 */
import { setFlagsFromString } from 'node:v8';

interface HeldSetting {
  /** Flags (without values) that mean the user chose this setting themselves. */
  readonly userFlags: readonly string[];
  readonly hold: string;
  /** V8's default (`node --v8-options`). */
  readonly release: string;
}

const HELD_SETTINGS: readonly HeldSetting[] = [
  {
    userFlags: ['--semi-space-growth-factor'],
    hold: '--semi-space-growth-factor=1',
    release: '--semi-space-growth-factor=2',
  },
  {
    userFlags: ['--turbofan', '--no-turbofan', '--opt', '--no-opt', '--jitless', '--max-opt'],
    hold: '--no-turbofan',
    release: '--turbofan',
  },
  {
    userFlags: [
      '--liftoff-only',
      '--no-liftoff-only',
      '--liftoff',
      '--no-liftoff',
      '--wasm-tier-up',
      '--no-wasm-tier-up',
    ],
    hold: '--liftoff-only',
    release: '--no-liftoff-only',
  },
];

export function holdStartupMemory(
  options: {
    readonly execArgv?: readonly string[];
    readonly nodeOptions?: string;
    readonly setFlags?: (flags: string) => void;
  } = {},
): () => void {
  const nodeOptions = (options.nodeOptions ?? process.env.NODE_OPTIONS ?? '').split(/\s+/);
  // V8 accepts `_` for `-` in flag names: `--semi_space_growth_factor=4` is the user's choice too.
  const userFlags = new Set(
    [...(options.execArgv ?? process.execArgv), ...nodeOptions].map((arg) => arg.split('=')[0]!.replaceAll('_', '-')),
  );
  const setFlags = options.setFlags ?? setFlagsFromString;
  const held = HELD_SETTINGS.filter((setting) => !setting.userFlags.some((flag) => userFlags.has(flag)));
  for (const setting of held) setFlags(setting.hold);
  let holding = true;
  return () => {
    if (!holding) return;
    holding = false;
    for (const setting of held) setFlags(setting.release);
  };
}
