/** The end of every exhaustive switch: a compile error when a case is missing, a throw if one slips through. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${String(value)}`);
}
