/**
 * Tray icons drawn in code (no asset files to ship or copy): a filled disc whose colour says
 * the state — green all good, amber attention, red error. Raw BGRA for nativeImage.createFromBitmap.
 */
import type { TrayIconState } from './tray-menu.js';

const COLOURS: Record<TrayIconState, readonly [number, number, number]> = {
  ok: [0x2e, 0xa0, 0x43],
  attention: [0xd9, 0x8e, 0x04],
  error: [0xcf, 0x22, 0x2e],
};

/** A `size`×`size` BGRA bitmap of an anti-aliased disc in the state's colour. */
export function trayIconBitmap(state: TrayIconState, size: number): Buffer {
  const [red, green, blue] = COLOURS[state];
  const pixels = Buffer.alloc(size * size * 4);
  const centre = (size - 1) / 2;
  const radius = size * 0.4;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const distance = Math.hypot(x - centre, y - centre);
      const coverage = Math.max(0, Math.min(1, radius + 0.5 - distance));
      const offset = (y * size + x) * 4;
      pixels[offset] = blue;
      pixels[offset + 1] = green;
      pixels[offset + 2] = red;
      pixels[offset + 3] = Math.round(coverage * 255);
    }
  }
  return pixels;
}
