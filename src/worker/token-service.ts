/** Which tokens are reachable, opening them, and what is on them, judged by the certificate layer. */
import type { DemoSource } from '../sources';
import type { CertificateReporter } from './certificate-reports';
import type { PairedToken, TokenApi, TokenCertificate, TokenInfo } from './device-service-api';
import type { OpenTokens } from './open-tokens';
import { withKeyMap, type KeyMap } from '../flows/renewal';

export class TokenService implements TokenApi {
  constructor(
    private readonly tokens: OpenTokens,
    private readonly demo: DemoSource,
    private readonly reporter: CertificateReporter,
    /** Where each role's key is after renewals without MOVE KEY (issue 15 §2); the dashboard shows it there. */
    private readonly keyMap: (tokenId: string) => Promise<KeyMap> = async () => new Map(),
    /** Drops what the worker remembers of a token's cards (the sign-in card cache); default nothing to drop. */
    private readonly forgetCards: (tokenId: string) => Promise<void> = async () => undefined,
  ) {}

  listPairedTokens(): Promise<PairedToken[]> {
    return this.tokens.listPaired();
  }

  async startDemoToken(): Promise<PairedToken> {
    return (await this.demo.start()).paired;
  }

  async leaveDemoToken(): Promise<void> {
    const demo = await this.demo.list().catch(() => []);
    for (const device of demo) await this.tokens.close(device.paired.id).catch(() => undefined);
    await this.demo.stop();
    // Leaving the demo clears its records (issue 16 §2), the card cache of every window included.
    for (const device of demo) await this.forgetCards(device.paired.id);
  }

  async open(tokenId: string): Promise<TokenInfo> {
    return (await this.tokens.get(tokenId)).info;
  }

  close(tokenId: string): Promise<void> {
    return this.tokens.close(tokenId);
  }

  async readCertificates(tokenId: string): Promise<TokenCertificate[]> {
    const { session, trustAnchors } = await this.tokens.get(tokenId);
    const found = withKeyMap(await session.listCertificates(), await this.keyMap(tokenId));
    const present = found.flatMap((entry) => (entry.der ? [entry.der] : []));
    const reports = await this.reporter.reportAll(present, trustAnchors);
    let next = 0;
    return found.map((entry): TokenCertificate => {
      const base = { keyRef: entry.keyRef, role: entry.role, ...(entry.keyRefLabel ? { keyRefLabel: entry.keyRefLabel } : {}) };
      if (!entry.der) return { ...base, der: new Uint8Array(0), report: null, parseError: entry.error?.message ?? 'unreadable' };
      const report = reports[next++]!;
      return report instanceof Error
        ? { ...base, der: entry.der, report: null, parseError: report.message }
        : { ...base, der: entry.der, report, parseError: null };
    });
  }
}
