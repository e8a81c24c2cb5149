import type { TokenStatus } from '../../../src/contract/dto.js';
import { assertNever } from '../../../src/contract/assert-never.js';

function label(status: TokenStatus): string {
  switch (status) {
    case 'ok':
      return 'Active';
    case 'expiring':
      return 'Expiring';
    case 'expired':
      return 'Expired';
    case 'rejected':
      return 'Rejected';
    case 'paused':
      return 'Paused';
    default:
      return assertNever(status);
  }
}

export function StatusChip({ status }: { readonly status: TokenStatus }) {
  return <span className={`chip chip-${status}`}>{label(status)}</span>;
}
