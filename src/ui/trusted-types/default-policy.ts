/**
 * Trusted Types for the Isolated Web App (issue 11 §3: `require-trusted-types-for 'script'`). The app builds no
 * HTML from strings; its only script sinks are the URLs of its own workers and service worker. A default policy
 * (W3C Trusted Types §2.3.1.4) lets exactly those through — same-origin script URLs — and refuses everything
 * else, so Vite's `new Worker(new URL(…, import.meta.url))` keeps working unchanged.
 */
interface TrustedTypePolicyFactoryLike {
  createPolicy(name: string, rules: { createScriptURL(input: string): string; createHTML?(input: string): string; createScript?(input: string): string }): unknown;
}

/** True for a script URL this app may load: same origin as the page (never data:, javascript: or another site). */
export function isOwnScriptUrl(input: string, origin: string): boolean {
  try {
    const url = new URL(input, origin);
    // scheme://host, not URL.origin: for isolated-app: (not a WHATWG special scheme) URL.origin is "null" outside Chrome.
    const own = new URL(origin);
    const sameSite = url.protocol === own.protocol && url.host === own.host;
    return sameSite && (url.protocol === 'https:' || url.protocol === 'http:' || url.protocol === 'isolated-app:');
  } catch {
    return false;
  }
}

/** Installs the policy where the browser has Trusted Types; a no-op elsewhere. Returns whether it installed. */
export function installDefaultTrustedTypesPolicy(scope: { trustedTypes?: TrustedTypePolicyFactoryLike; location: { origin: string } }): boolean {
  const factory = scope.trustedTypes;
  if (!factory) return false;
  const origin = scope.location.origin;
  factory.createPolicy('default', {
    createScriptURL(input) {
      if (isOwnScriptUrl(input, origin)) return input;
      throw new TypeError(`script URL refused by UKey Assistant's Trusted Types policy: ${input.slice(0, 80)}`);
    },
  });
  return true;
}
