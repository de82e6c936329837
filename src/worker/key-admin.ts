/**
 * Administrator operations (key generation, certificate writing). The management key arrives as hex for this
 * call only; its bytes are wiped when the call ends, whatever the outcome (issue 7 §3).
 */
import { fromHex } from '../apdu';
import type { GeneratedPublicKey, KeyAdminApi, KeyAlgorithmName } from './device-service-api';
import type { OpenTokens } from './open-tokens';

async function withKeyBytes<T>(hex: string, use: (key: Uint8Array) => Promise<T>): Promise<T> {
  const key = fromHex(hex);
  try {
    return await use(key);
  } finally {
    key.fill(0);
  }
}

export class KeyAdmin implements KeyAdminApi {
  constructor(private readonly tokens: OpenTokens) {}

  async generateKey(tokenId: string, keyRef: number, algorithm: KeyAlgorithmName, adminKeyHex: string): Promise<GeneratedPublicKey> {
    const { session } = await this.tokens.get(tokenId);
    const spki = await withKeyBytes(adminKeyHex, (key) => session.generateKey(keyRef, algorithm, key));
    return { keyRef, algorithm, spki };
  }

  async writeCertificate(tokenId: string, keyRef: number, der: Uint8Array, adminKeyHex: string): Promise<void> {
    const { session } = await this.tokens.get(tokenId);
    await withKeyBytes(adminKeyHex, (key) => session.writeCertificate(keyRef, der, key));
  }
}
