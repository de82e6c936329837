/**
 * Errors of the sign-in payload layer. They are not shown to users as such: the app turns a refused request
 * into a protocol error code for the portal, and the verifier turns them into its own stable codes.
 */

/** Text that is not the strict base64 / base64url this protocol uses (RFC 4648 §4, §5; canonical only). */
export class Base64FormatError extends Error {
  override readonly name = 'Base64FormatError';
  readonly alphabet: 'base64' | 'base64url';

  constructor(alphabet: 'base64' | 'base64url', message: string) {
    super(message);
    this.alphabet = alphabet;
  }
}

export type SignRequestProblem =
  | 'not-an-object'
  | 'wrong-type'
  | 'wrong-version'
  | 'bad-challenge'
  | 'bad-rp-data'
  | 'bad-cert-filter'
  | 'unknown-field'
  | 'bad-origin';

/** A portal's request the app must refuse before showing anything (issue 9 §2). */
export class SignRequestError extends Error {
  override readonly name = 'SignRequestError';
  readonly problem: SignRequestProblem;

  constructor(problem: SignRequestProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

/** Values that cannot go into a "ukey.get" v1 clientDataJSON (issue 9 §1). */
export class ClientDataError extends Error {
  override readonly name = 'ClientDataError';
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}
