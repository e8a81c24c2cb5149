// Preloaded into the real `keyport serve` by the bench (`node --expose-gc --import <this>
// dist/src/cli/keyport.js serve`): answers the bench's 'stats' messages like the other children.
// Test-only: nothing of it is in the shipped CLI.
import { answerStats } from './child-stats.mjs';

answerStats();
