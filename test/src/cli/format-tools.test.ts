import { describe, expect, it } from 'vitest';
import type { ToolPolicyView } from '../../../src/contract/dto.js';
import { annotationText, ruleLines, toolTable } from '../../../src/cli/format-tools.js';

const view: ToolPolicyView = {
  connection: 'up',
  source: 'live',
  listedAt: '2026-05-01T10:00:00.000Z',
  serverName: 'up',
  problem: null,
  rule: { base: 'all', allow: [], deny: ['ticks'], text: 'every tool except ticks' },
  clients: [{ name: 'readonly', rule: { base: 'none', allow: ['echo'], deny: [], text: 'only echo' } }],
  tools: [
    {
      name: 'evil\u001b[2J\u001b[Hname',
      title: null,
      description: 'line one\u0007\nline two',
      annotations: { readOnlyHint: true, openWorldHint: true },
      allowed: true,
      byClient: [false],
    },
  ],
};

describe('keyport tools in words', () => {
  it('Given a server whose tool name and description carry escape sequences, Then the table shows them escaped, never raw', () => {
    const table = toolTable(view, undefined);
    // eslint-disable-next-line no-control-regex -- looking for raw control characters is the point
    expect(table).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(table).toContain('evil\\x1b[2J\\x1b[Hname');
    expect(table).toContain('line one\\x07');
    expect(table).not.toContain('line two');
  });

  it('Given rules, Then the lines say whose rule is whose', () => {
    expect(ruleLines(view, undefined)).toEqual([
      'Every client: every tool except ticks (clients without a rule of their own).',
      'Client readonly: only echo.',
    ]);
    expect(ruleLines({ ...view, clients: [{ name: 'cursor', rule: null }] }, 'cursor')).toEqual([
      "Client cursor follows the connection's rule: every tool except ticks.",
    ]);
    expect(annotationText({ readOnlyHint: false, destructiveHint: true })).toBe('destructive');
    expect(annotationText({})).toBe('-');
  });
});
