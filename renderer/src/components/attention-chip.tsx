import type { Attention } from '../../../src/contract/dto.js';

/** The worst reason in a word or two ("Quota 95 %", "Unreachable"), coloured by level; "OK" when fine. */
export function AttentionChip({ attention }: { readonly attention: Attention }) {
  const worst = attention.reasons[0];
  return <span className={`chip chip-${attention.level}`}>{worst ? worst.label : 'OK'}</span>;
}
