import { describe, expect, it } from 'vitest';
import { holdStartupMemory } from '../../../src/cli/startup-memory.js';

function recorder(): { readonly calls: string[]; readonly setFlags: (flags: string) => void } {
  const calls: string[] = [];
  return { calls, setFlags: (flags) => calls.push(flags) };
}

const HOLD = ['--semi-space-growth-factor=1', '--no-turbofan', '--liftoff-only'];
const RELEASE = ['--semi-space-growth-factor=2', '--turbofan', '--no-liftoff-only'];

describe('holdStartupMemory', () => {
  it('Given a plain start, when held and released (twice), then all three are held and back at V8 defaults once', () => {
    const { calls, setFlags } = recorder();
    const release = holdStartupMemory({ execArgv: [], nodeOptions: '', setFlags });
    expect(calls).toEqual(HOLD);
    release();
    release();
    expect(calls).toEqual([...HOLD, ...RELEASE]);
  });

  it("Given the user's own growth factor (node option, NODE_OPTIONS, underscores), then only the compilers are held", () => {
    for (const [execArgv, nodeOptions] of [
      [['--semi-space-growth-factor=4'], ''],
      [[], '--max-old-space-size=512 --semi-space-growth-factor=3'],
      [['--semi_space_growth_factor=4'], ''],
    ] as const) {
      const { calls, setFlags } = recorder();
      holdStartupMemory({ execArgv, nodeOptions, setFlags })();
      expect(calls).toEqual(['--no-turbofan', '--liftoff-only', '--turbofan', '--no-liftoff-only']);
    }
  });

  it("Given the user's own choice about the optimising compiler, then only the young generation and WebAssembly's tier are held", () => {
    for (const [execArgv, nodeOptions] of [
      [['--no-opt'], ''],
      [[], '--jitless'],
      [['--turbofan'], ''],
      [['--max-opt=2'], ''],
    ] as const) {
      const { calls, setFlags } = recorder();
      holdStartupMemory({ execArgv, nodeOptions, setFlags })();
      expect(calls).toEqual([
        '--semi-space-growth-factor=1',
        '--liftoff-only',
        '--semi-space-growth-factor=2',
        '--no-liftoff-only',
      ]);
    }
  });

  it("Given the user's own choice about WebAssembly's tiers, then it is not held", () => {
    for (const execArgv of [['--no-liftoff'], ['--wasm-tier-up'], ['--liftoff_only']]) {
      const { calls, setFlags } = recorder();
      holdStartupMemory({ execArgv, nodeOptions: '', setFlags })();
      expect(calls).not.toContain('--liftoff-only');
    }
  });

  it('Given a real V8, when the flags are set, then V8 accepts them (no "unknown flag" on stderr)', async () => {
    const { spawnSync } = await import('node:child_process');
    const script = `import('${new URL('../../../src/cli/startup-memory.ts', import.meta.url).href}').then((m) => m.holdStartupMemory({ execArgv: [], nodeOptions: '' })())`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
