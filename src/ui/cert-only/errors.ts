/**
 * A certificate the clerk offered for a key this browser cannot open (issue 16 §1) that we cannot record:
 * the file or pasted text holds no certificate we can read, or only CA certificates (a root, not the key's own).
 */
import { registerError, UKeyError, type GuideId } from '../../shared/errors';
import './error-texts';

export type CertificateFileProblem = 'unreadable' | 'only-ca-certificates' | 'empty';

export class CertificateFileError extends UKeyError {
  override readonly name = 'CertificateFileError';
  readonly guideId: GuideId = 'export-certificate';

  constructor(
    readonly problem: CertificateFileProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  override toFields(): Record<string, string> {
    return { problem: this.problem };
  }
}

const PROBLEMS: readonly CertificateFileProblem[] = ['unreadable', 'only-ca-certificates', 'empty'];

registerError('CertificateFileError', (message, fields) => {
  const problem = PROBLEMS.find((p) => p === fields.problem) ?? 'unreadable';
  return new CertificateFileError(problem, message);
});
