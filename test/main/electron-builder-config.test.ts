/** electron-builder cannot run here, so its configuration is checked as data against what we require. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const config = parse(readFileSync(`${root}electron-builder.yml`, 'utf8')) as Record<string, unknown>;
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as Record<string, unknown>;

function targets(platform: string): string[] {
  const section = config[platform] as { target: (string | { target: string })[] };
  return section.target.map((entry) => (typeof entry === 'string' ? entry : entry.target));
}

describe('electron-builder.yml', () => {
  it('Then the app is Keyport, packed in an asar, from the built files', () => {
    expect(config.productName).toBe('Keyport');
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(
      expect.arrayContaining(['package.json', 'dist/main/**', 'dist/renderer/**', 'dist/src/**']),
    );
    expect(pkg.main).toBe('dist/main/index.js');
  });

  it('Then the fuses are locked: no RunAsNode, NODE_OPTIONS or inspect; cookie encryption and asar integrity on', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('Then it builds a hardened-runtime dmg, an NSIS installer, an AppImage and a deb', () => {
    expect(targets('mac')).toEqual(['dmg']);
    expect((config.mac as { hardenedRuntime: boolean }).hardenedRuntime).toBe(true);
    expect(targets('win')).toEqual(['nsis']);
    expect(targets('linux')).toEqual(['AppImage', 'deb']);
    expect((config.linux as { maintainer?: string }).maintainer).toBeTruthy();
  });

  it('Then the keychain binding (a native module) is unpacked from the asar', () => {
    expect(config.asarUnpack).toContain('**/*.node');
  });
});
