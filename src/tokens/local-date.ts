/** The local calendar day YYYY-MM-DD: the key of daily usage counts and the date the faces print. */
export function localDateKey(at: Date): string {
  const month = String(at.getMonth() + 1).padStart(2, '0');
  const day = String(at.getDate()).padStart(2, '0');
  return `${at.getFullYear()}-${month}-${day}`;
}
