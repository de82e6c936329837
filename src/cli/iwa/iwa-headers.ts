/**
 * Response headers every resource of the bundle carries. Chrome applies these to Isolated Web Apps whatever
 * the bundle says (WICG isolated-web-apps README "cross-origin isolated" and the CSP it shows); we write them
 * into the bundle too, so the build states what the app runs under and the test can check it.
 */
export const IWA_CSP = [
  "base-uri 'none'",
  "default-src 'self'",
  "object-src 'none'",
  "frame-src 'self' https: blob: data:",
  "connect-src 'self' https: wss: blob: data:",
  "script-src 'self' 'wasm-unsafe-eval'",
  "img-src 'self' https: blob: data:",
  "media-src 'self' https: blob: data:",
  "font-src 'self' blob: data:",
  "style-src 'self' 'unsafe-inline'",
  "require-trusted-types-for 'script'",
  "frame-ancestors 'self'",
].join('; ');

export const IWA_HEADERS = {
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'content-security-policy': IWA_CSP,
} as const;

const TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  webmanifest: 'application/manifest+json',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  txt: 'text/plain; charset=utf-8',
  wasm: 'application/wasm',
  woff2: 'font/woff2',
};

export function contentTypeFor(path: string): string {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return TYPES[ext] ?? 'application/octet-stream';
}

/** Headers of one bundle resource. */
export function headersFor(path: string): Record<string, string> {
  return { 'content-type': contentTypeFor(path), ...IWA_HEADERS };
}
