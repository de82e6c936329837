/**
 * Builds the app in the e2e-usb mode (issue 15 §4): the same app, plus the WebSocket USB double in place of
 * navigator.usb in every window and worker, pointed at `busUrl`. Into its own directory, never dist/ (other
 * engineers' builds and the production bundle stay untouched).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../preview-server';
import { USB_DOUBLE_MODE } from './wire';

export function buildUsbDoubleApp(outDir: string, busUrl: string): void {
  const vite = join(REPO_ROOT, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--mode', USB_DOUBLE_MODE, '--outDir', outDir, '--emptyOutDir'], {
    cwd: REPO_ROOT,
    env: { ...process.env, VITE_UKEY_E2E_USB: busUrl },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`e2e-usb build failed (${String(result.status)}): ${result.stderr.slice(-2_000)}`);
}
