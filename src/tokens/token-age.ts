/** Token age since it was stored (add or last rotation), and whether it is due for rotation (older than the cadence). */
export const DEFAULT_ROTATION_CADENCE_DAYS = 90;
const DAY_MS = 86_400_000;

export function tokenAgeDays(tokenSetAt: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(tokenSetAt)) / DAY_MS));
}

export function isRotationDue(tokenSetAt: string, now: Date, cadenceDays = DEFAULT_ROTATION_CADENCE_DAYS): boolean {
  return tokenAgeDays(tokenSetAt, now) > cadenceDays;
}
