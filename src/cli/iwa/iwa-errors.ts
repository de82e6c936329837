/**
 * Typed failures of the IWA build tooling (developer-facing: a build or a verification step, never shown to a
 * token user, so they are plain typed errors, not UKeyErrors).
 */
export class IwaBuildError extends Error {
  override readonly name = 'IwaBuildError';
  constructor(readonly code: 'bad-version' | 'bad-manifest' | 'bad-key', message: string) {
    super(message);
  }
}

/** A signed web bundle whose integrity block does not decode (Signed Web Bundle integrity block v2). */
export class IntegrityBlockError extends Error {
  override readonly name = 'IntegrityBlockError';
  constructor(readonly reason: string, options?: { cause?: unknown }) {
    super(`Integrity block: ${reason}`, options);
  }
}
