import type { GuideId } from '../../shared/errors';
import type { ErrorText } from './error-texts-zh';

/** English texts of names no error class defines (see error-texts-zh.ts). */
export const ERROR_TEXTS_EN: Readonly<Record<string, ErrorText>> = {
  CertificateUntrustedError: { cause: "The certificate's issuer could not be confirmed as trusted.", whatToDo: "Import the CA's certificate or ask your CA." },
};

export const GUIDE_FALLBACK_EN: Readonly<Partial<Record<GuideId, ErrorText>>> = {
  'card-error': { cause: 'The token reported an error.', whatToDo: 'Replug the token and try again; if it persists read the guide.' },
  'token-unsupported': { cause: 'This token or browser does not support this yet.', whatToDo: 'Read the guide on which tokens and browsers work.' },
  'certificate-unreadable': { cause: 'A certificate could not be read or parsed.', whatToDo: 'Read it again; if it persists contact your CA.' },
  'certificate-untrusted': { cause: "The certificate's issuer could not be confirmed.", whatToDo: "Import the CA's certificate or ask your CA." },
  'revocation-unknown': { cause: 'Revocation status is unknown for now.', whatToDo: 'Check again when online.' },
  'storage-problem': { cause: 'Local storage has a problem.', whatToDo: 'Read the guide to check the browser storage settings.' },
};

export const GENERIC_EN: ErrorText = {
  cause: 'An unexpected problem occurred ({name}).',
  whatToDo: 'Replug the token, reload the page and try again; if it persists read the guide and give this text to support.',
};
