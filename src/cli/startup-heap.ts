/**
 * Holds V8's young generation at its initial size while `keyport serve` starts. Loading the
 * proxy's modules is a one-time burst of allocations that V8 answers by growing the young
 * generation up to 16 MiB per semi-space; that memory then stays resident while the proxy idles
 * (until V8's memory reducer shrinks it, ~10 s later). Growth is released as soon as the proxy
 * listens, so traffic gets V8's default sizing: a young generation held small for good costs
 * ~10 % throughput under load. An idle proxy allocates too little to grow it again. A user who
 * sets the flag themselves (node option or NODE_OPTIONS) keeps their setting.
 */
import { setFlagsFromString } from 'node:v8';

const FLAG = '--semi-space-growth-factor';
/** V8's default growth factor (`node --v8-options`). */
const V8_DEFAULT_GROWTH = 2;

export function holdYoungGenerationGrowth(
  options: {
    readonly execArgv?: readonly string[];
    readonly nodeOptions?: string;
    readonly setFlags?: (flags: string) => void;
  } = {},
): () => void {
  const execArgv = options.execArgv ?? process.execArgv;
  const nodeOptions = options.nodeOptions ?? process.env.NODE_OPTIONS ?? '';
  const setFlags = options.setFlags ?? setFlagsFromString;
  if (execArgv.some((arg) => arg.startsWith(FLAG)) || nodeOptions.includes(FLAG)) return () => undefined;
  setFlags(`${FLAG}=1`);
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    setFlags(`${FLAG}=${V8_DEFAULT_GROWTH}`);
  };
}
