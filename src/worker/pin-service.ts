/**
 * PIN operations of the worker (DESIGN.md §7): a PIN arrives only as a call argument, goes straight to the
 * card profile for this one call, and is never kept, logged, traced or retried.
 */
import type { PinApi, PinStatusPair, SignRequest, TokenCsrParams } from './device-service-api';
import type { OpenTokens } from './open-tokens';

export class PinService implements PinApi {
  constructor(private readonly tokens: OpenTokens) {}

  async getPinStatus(tokenId: string): Promise<PinStatusPair> {
    return (await this.tokens.get(tokenId)).session.pinStatus();
  }

  async verifyPin(tokenId: string, pin: string): Promise<void> {
    await (await this.tokens.get(tokenId)).session.verifyPin(pin);
  }

  async changePin(tokenId: string, oldPin: string, newPin: string): Promise<void> {
    await (await this.tokens.get(tokenId)).session.changePin(oldPin, newPin);
  }

  async changeUnblockCode(tokenId: string, currentUnblockCode: string, newUnblockCode: string): Promise<void> {
    await (await this.tokens.get(tokenId)).session.changeUnblockCode(currentUnblockCode, newUnblockCode);
  }

  async unblockPin(tokenId: string, unblockCode: string, newPin: string): Promise<void> {
    await (await this.tokens.get(tokenId)).session.unblockPin(unblockCode, newPin);
  }

  /** VERIFY immediately followed by the signature; the profile hashes per key (SHA-384 for P-384). */
  async sign(tokenId: string, request: SignRequest): Promise<Uint8Array> {
    return (await this.tokens.get(tokenId)).session.signWithPin(request.keyRef, request.data, request.pin);
  }

  async createCsr(tokenId: string, request: TokenCsrParams): Promise<Uint8Array> {
    const { session } = await this.tokens.get(tokenId);
    return session.createCsrWithPin(
      {
        keyRef: request.keyRef,
        algorithm: request.algorithm,
        ...(request.subjectFromKeyRef === undefined ? {} : { subjectFromKeyRef: request.subjectFromKeyRef }),
        ...(request.publicKeySpki === undefined ? {} : { publicKeySpki: request.publicKeySpki }),
      },
      request.pin,
    );
  }
}
