import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { installDefaultTrustedTypesPolicy, isOwnScriptUrl } from '../../../src/ui/trusted-types/default-policy';

const ORIGIN = 'isolated-app://abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstu';

describe('the default Trusted Types policy (IWA, require-trusted-types-for script)', () => {
  it('lets the app’s own worker and service-worker URLs through', () => {
    expect(isOwnScriptUrl(`${ORIGIN}/assets/driver-worker-abc.js`, ORIGIN)).toBe(true);
    expect(isOwnScriptUrl('/sw.js', 'http://127.0.0.1:4173')).toBe(true);
  });

  it('refuses other origins, data:, blob: of another site and javascript:', () => {
    for (const url of ['https://evil.example/x.js', 'data:text/javascript,alert(1)', 'javascript:alert(1)', 'blob:https://evil.example/1']) {
      expect(isOwnScriptUrl(url, 'http://127.0.0.1:4173')).toBe(false);
    }
  });

  it('installs a policy named "default" whose createScriptURL throws for a foreign URL', () => {
    let rules: { createScriptURL(input: string): string } | null = null;
    const installed = installDefaultTrustedTypesPolicy({
      trustedTypes: { createPolicy: (name, r) => (expect(name).toBe('default'), (rules = r)) },
      location: { origin: 'http://127.0.0.1:4173' },
    });
    expect(installed).toBe(true);
    expect(rules!.createScriptURL('/assets/w.js')).toBe('/assets/w.js');
    expect(() => rules!.createScriptURL('https://evil.example/w.js')).toThrow(TypeError);
    expect(installDefaultTrustedTypesPolicy({ location: { origin: 'http://x' } })).toBe(false);
  });

  it('property: any string is either accepted as same-origin or refused, never throws', () => {
    fc.assert(
      fc.property(fc.string(), (input) => {
        const ok = isOwnScriptUrl(input, 'http://127.0.0.1:4173');
        if (ok) expect(new URL(input, 'http://127.0.0.1:4173').host).toBe('127.0.0.1:4173');
      }),
      { numRuns: 10_000 },
    );
  });
});
