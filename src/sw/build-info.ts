/**
 * Facts fixed at build time by Vite `define` (vite.config.ts). Outside a Vite build (unit tests, tsx) the
 * globals do not exist, so each falls back to a value that says so.
 */
declare const __APP_VERSION__: string | undefined;
declare const __BUILD_TIME__: string | undefined;

/** e.g. "0.1.0+20261122T170500Z"; the service worker answers it on GET_VERSION. */
export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';

/** ISO time of the build; a device clock earlier than this is certainly wrong. Null outside a build. */
export const BUILD_TIME: string | null = typeof __BUILD_TIME__ === 'string' ? __BUILD_TIME__ : null;
