import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FRAME_GUARD_HEADERS } from './src/sw/frame-guard';
import { USB_DOUBLE_MODE } from './test/e2e/support/ws-usb/wire';

// Build facts for the env check's clock sanity and the service worker's version (src/sw/build-info.ts).
const buildTime = new Date();
const packageVersion = (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string })
  .version;
const appVersion = `${packageVersion}+${buildTime.toISOString().replace(/[-:]|\.\d+/g, '')}`;
const buildDefines = {
  __APP_VERSION__: JSON.stringify(appVersion),
  __BUILD_TIME__: JSON.stringify(buildTime.toISOString()),
};

/**
 * Links public/manifest.webmanifest and the theme colour from index.html when the page does not already do
 * so (manifest: false below: the manifest is a static file we own, so vite-plugin-pwa does not inject it).
 */
function pwaHeadLinks(): Plugin {
  let base = '/';
  return {
    name: 'ukey-pwa-head-links',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml(html) {
      const tags: Array<{ tag: string; attrs: Record<string, string>; injectTo: 'head' }> = [];
      if (!/rel=["']manifest["']/.test(html)) {
        tags.push({ tag: 'link', attrs: { rel: 'manifest', href: `${base}manifest.webmanifest` }, injectTo: 'head' });
      }
      if (!/name=["']theme-color["']/.test(html)) {
        tags.push({ tag: 'meta', attrs: { name: 'theme-color', content: '#1d4ed8' }, injectTo: 'head' });
      }
      if (!/rel=["']icon["']/.test(html)) {
        tags.push({ tag: 'link', attrs: { rel: 'icon', type: 'image/png', href: `${base}icons/icon-192.png` }, injectTo: 'head' });
      }
      if (!/rel=["']apple-touch-icon["']/.test(html)) {
        tags.push({ tag: 'link', attrs: { rel: 'apple-touch-icon', href: `${base}icons/icon-192.png` }, injectTo: 'head' });
      }
      return tags;
    },
  };
}

/**
 * The portal SDK (issue 9 §3) served by the app at a stable name, /ukey-sign-in.js, so a portal can load it from
 * the app it opens: the same dependency-free module the reference portal serves (src/servers/portal/sdk-script.ts).
 */
function portalSdkAsset(): Plugin {
  return {
    name: 'ukey-portal-sdk',
    async generateBundle() {
      const { portalSdkJavaScript } = await import('./src/servers/portal/sdk-script');
      this.emitFile({ type: 'asset', fileName: 'ukey-sign-in.js', source: portalSdkJavaScript() });
    },
  };
}

const USB_DOUBLE_ID = 'virtual:ukey-usb-double';
const USB_DOUBLE_SOURCE = fileURLToPath(new URL('./test/e2e/support/ws-usb/browser-usb.ts', import.meta.url));

/**
 * virtual:ukey-usb-double (src/worker/usb-double-module.d.ts; issue 15 §4 review defect B): the WebSocket USB double
 * only in `--mode e2e-usb`, a no-op in every other build, so src/ never names test/ (.dependency-cruiser.cjs).
 * Registered for the page and for the workers (Vite builds worker bundles with their own plugin list).
 */
function usbDouble(): Plugin {
  let mode = '';
  return {
    name: 'ukey-usb-double',
    configResolved(config) {
      mode = config.mode;
    },
    resolveId(id) {
      return id === USB_DOUBLE_ID ? `\0${USB_DOUBLE_ID}` : null;
    },
    load(id) {
      if (id !== `\0${USB_DOUBLE_ID}`) return null;
      if (mode === USB_DOUBLE_MODE) return `export { installUsbDouble } from ${JSON.stringify(USB_DOUBLE_SOURCE)};\n`;
      return 'export function installUsbDouble() {}\n';
    },
  };
}

// The app shell, its lazily loaded driver worker and the service worker (issue 4 §2).
export default defineConfig({
  plugins: [
    preact(),
    usbDouble(),
    pwaHeadLinks(),
    portalSdkAsset(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      injectRegister: false,
      manifest: false,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,json}'],
        rollupFormat: 'es',
        // The driver worker chunk and the lazy PKI / virtual-token chunks must be precached for offline use.
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
      devOptions: { enabled: false },
    }),
  ],
  define: buildDefines,
  worker: { format: 'es', plugins: () => [usbDouble()] },
  build: { target: 'es2022', sourcemap: false },
  // /sign (and every other page) cannot be framed (issue 14 §4); the service worker adds the same to cached pages.
  server: { headers: FRAME_GUARD_HEADERS },
  preview: { host: '127.0.0.1', port: Number(process.env.PORT ?? 4173), strictPort: true, headers: FRAME_GUARD_HEADERS },
});
