import { describe, expect, it } from 'vitest';
import { holdYoungGenerationGrowth } from '../../../src/cli/startup-heap.js';

function recorder(): { readonly calls: string[]; readonly setFlags: (flags: string) => void } {
  const calls: string[] = [];
  return { calls, setFlags: (flags) => calls.push(flags) };
}

describe('holdYoungGenerationGrowth', () => {
  it('Given a plain start, when held and released (twice), then growth is off and back at V8 default once', () => {
    const { calls, setFlags } = recorder();
    const release = holdYoungGenerationGrowth({ execArgv: [], nodeOptions: '', setFlags });
    expect(calls).toEqual(['--semi-space-growth-factor=1']);
    release();
    release();
    expect(calls).toEqual(['--semi-space-growth-factor=1', '--semi-space-growth-factor=2']);
  });

  it("Given the user's own growth factor (node option or NODE_OPTIONS), then it is left alone", () => {
    const fromArgv = recorder();
    holdYoungGenerationGrowth({
      execArgv: ['--semi-space-growth-factor=4'],
      nodeOptions: '',
      setFlags: fromArgv.setFlags,
    })();
    const fromEnv = recorder();
    holdYoungGenerationGrowth({
      execArgv: [],
      nodeOptions: '--max-old-space-size=512 --semi-space-growth-factor=3',
      setFlags: fromEnv.setFlags,
    })();
    expect(fromArgv.calls).toEqual([]);
    expect(fromEnv.calls).toEqual([]);
  });
});
