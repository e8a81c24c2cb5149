/** IPC handlers for the tokens domain: thin calls into the core's token operations. */
import type { TokenOperations } from '../services.js';
import type { IpcHandlers } from './handle.js';

type TokenChannels =
  | 'tokens:list'
  | 'tokens:add'
  | 'tokens:add-oauth'
  | 'tokens:sign-in'
  | 'tokens:test'
  | 'tokens:rotate'
  | 'tokens:rollback'
  | 'tokens:update'
  | 'tokens:remove'
  | 'tokens:set-paused';

export function createTokenHandlers(tokens: TokenOperations): Pick<IpcHandlers, TokenChannels> {
  return {
    'tokens:list': () => tokens.list(),
    'tokens:add': (input) => tokens.add(input),
    'tokens:add-oauth': (input) => tokens.addOAuth(input),
    'tokens:sign-in': ({ name }) => tokens.signIn(name),
    'tokens:test': (input) => tokens.test(input),
    'tokens:rotate': (input) => tokens.rotate(input),
    'tokens:rollback': ({ name }) => tokens.rollback(name),
    'tokens:update': (input) => tokens.update(input),
    'tokens:remove': async ({ name }) => {
      await tokens.remove(name);
      return null;
    },
    'tokens:set-paused': ({ name, paused }) => tokens.setPaused(name, paused),
  };
}
