/**
 * `window.keyport` in the renderer is typed by renderer/src/keyport-global.d.ts; the preload builds
 * the object as KeyportApi (src/contract/ipc.ts). One type for both: checked by `npm run typecheck`.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { KeyportApi } from '../../src/contract/ipc.js';

describe('window.keyport', () => {
  it('Then the renderer’s global is exactly the contract’s KeyportApi (what the preload exposes)', () => {
    expectTypeOf<Window['keyport']>().toEqualTypeOf<KeyportApi>();
  });
});
