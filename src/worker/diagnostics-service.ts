/** The helpdesk's view of a token's link: redacted APDU log, USB capture, link description (issue 7 §4). */
import type { DiagnosticsApi } from './device-service-api';
import type { OpenTokens } from './open-tokens';

export class DiagnosticsService implements DiagnosticsApi {
  constructor(private readonly tokens: OpenTokens) {}

  async getTrafficLog(tokenId: string): Promise<string[]> {
    return this.tokens.diagnosticsFor(tokenId).log.lines();
  }

  async getUsbCapture(tokenId: string): Promise<Uint8Array> {
    return this.tokens.diagnosticsFor(tokenId).capture.toBytes();
  }

  async describeLink(tokenId: string): Promise<Record<string, unknown> | null> {
    const token = this.tokens.peek(tokenId);
    return token ? { profile: token.session.profileId, ...token.session.transport.describe() } : null;
  }
}
