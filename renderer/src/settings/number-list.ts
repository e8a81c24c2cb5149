/** "7, 1" ⇄ [7, 1] for threshold fields; anything that is not a positive integer is dropped. */
export function parseNumberList(text: string): number[] {
  return text
    .split(/[\s,]+/)
    .filter((part) => part !== '')
    .map(Number)
    .filter((value) => Number.isInteger(value) && value > 0);
}

export function formatNumberList(values: readonly number[]): string {
  return values.join(', ');
}
