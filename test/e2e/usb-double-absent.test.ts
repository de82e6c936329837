/**
 * The WebSocket USB double of the E2E tests (issue 15 §4) exists only in test builds (`--mode e2e-usb`): the
 * production bundle — what `npm run build` ships, or UKEY_DIST_DIR — must not carry it, not even as a dead
 * chunk. The marker is a string in the double's own code that any build containing it keeps (its error text).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureBuilt, REPO_ROOT } from './support';
import { USB_DOUBLE_MARKER } from './support/ws-usb/wire';

const DIST_DIR = process.env.UKEY_DIST_DIR ?? join(REPO_ROOT, 'dist');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('the production bundle has no USB double', () => {
  it('the double really carries the marker (so its absence below means something)', () => {
    const source = readFileSync(join(REPO_ROOT, 'test/e2e/support/ws-usb/browser-usb.ts'), 'utf8');
    expect(source).toContain('USB_DOUBLE_MARKER');
    expect(USB_DOUBLE_MARKER.length).toBeGreaterThan(10);
  });

  it('no built asset (scripts, the service worker, the precache list) contains it or its WebSocket bus', () => {
    ensureBuilt();
    const assets = files(DIST_DIR).filter((path) => /\.(js|mjs|html|json|webmanifest)$/.test(path));
    expect(assets.some((path) => path.includes('driver-worker'))).toBe(true);
    const carrying = assets.filter((path) => {
      const text = readFileSync(path, 'utf8');
      return text.includes(USB_DOUBLE_MARKER) || text.includes('VITE_UKEY_E2E_USB') || /new WebSocket\(/.test(text);
    });
    expect(carrying).toEqual([]);
  });
});
