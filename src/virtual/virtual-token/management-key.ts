/**
 * Management-key authentication inside GENERAL AUTHENTICATE with key reference 9B (SP 800-73-4 Part 2
 * §3.2.4 and Appendix A.1), and the YubiKey SET MANAGEMENT KEY extension.
 *
 * Mutual authentication as yubico-piv-tool runs it: host sends `7C 02 80 00`; card answers a random witness
 * ENCRYPTED with the key; host returns the DECRYPTED witness (80) plus its own challenge (81); card checks the
 * witness and answers the challenge encrypted (82). Single (external) authentication: host asks for a challenge
 * (`81 00`), card answers it in clear, host returns it encrypted (82).
 */
import { Algorithm, KEY_REF, TAG } from './piv-tables';
import { equalBytes, findTlv, tlv, type CardTlv } from './card-codec';
import type { CardContext, CommandHandler } from './card-context';
import { reject } from './card-status';
import { SW } from './status-words';
import { MANAGEMENT_KEY_ALGORITHMS, decryptBlock, encryptBlock } from './block-cipher';

/** P1 = 00 means "3DES" too (SP 800-78-4 Table 6-2 lists 00 as 3DES-ECB). */
function keyAlgorithm(p1: number, context: CardContext): number {
  const configured = context.state.managementKeyAlgorithm;
  if (p1 === configured || (p1 === 0x00 && configured === Algorithm.TDES)) return configured;
  return reject(SW.INCORRECT_P1P2, 'management key algorithm mismatch');
}

export function authenticateManagementKey(p1: number, items: readonly CardTlv[], context: CardContext): Uint8Array {
  const algorithm = keyAlgorithm(p1, context);
  const { blockLength } = MANAGEMENT_KEY_ALGORITHMS.get(algorithm)!;
  const { session, state } = context;
  const witness = findTlv(items, TAG.AUTH_WITNESS);
  const challenge = findTlv(items, TAG.AUTH_CHALLENGE);
  const response = findTlv(items, TAG.AUTH_RESPONSE);
  const key = state.managementKey;

  // Step 1 of mutual authentication: ask for a witness.
  if (witness && witness.length === 0 && !challenge && !response) {
    const plain = context.random(blockLength);
    session.pendingAuth = { kind: 'witness', algorithm, expect: plain };
    session.managementKeyAuthenticated = false;
    return tlv(TAG.DYNAMIC_AUTH, tlv(TAG.AUTH_WITNESS, encryptBlock(algorithm, key, plain)));
  }
  // Step 1 of single authentication: ask for a challenge.
  if (challenge && challenge.length === 0 && !witness && !response) {
    const plain = context.random(blockLength);
    session.pendingAuth = { kind: 'challenge', algorithm, expect: encryptBlock(algorithm, key, plain) };
    session.managementKeyAuthenticated = false;
    return tlv(TAG.DYNAMIC_AUTH, tlv(TAG.AUTH_CHALLENGE, plain));
  }
  const pending = session.pendingAuth;
  session.pendingAuth = undefined;
  if (!pending || pending.algorithm !== algorithm) return reject(SW.CONDITIONS_NOT_SATISFIED, 'no authentication in progress');
  // Step 2 of mutual authentication: decrypted witness + host challenge.
  if (pending.kind === 'witness' && witness && challenge && challenge.length === blockLength) {
    if (!equalBytes(witness, pending.expect)) return reject(SW.SECURITY_STATUS_NOT_SATISFIED, 'witness mismatch');
    session.managementKeyAuthenticated = true;
    return tlv(TAG.DYNAMIC_AUTH, tlv(TAG.AUTH_RESPONSE, encryptBlock(algorithm, key, challenge)));
  }
  // Step 2 of single authentication: the challenge encrypted by the host.
  if (pending.kind === 'challenge' && response && !witness && !challenge) {
    if (!equalBytes(response, pending.expect)) return reject(SW.SECURITY_STATUS_NOT_SATISFIED, 'bad response');
    session.managementKeyAuthenticated = true;
    return new Uint8Array(0);
  }
  return reject(SW.INCORRECT_DATA, 'unexpected authentication template');
}

/** For tests and the demo: what a host computes from a witness (decrypt) or challenge (encrypt). */
export { decryptBlock, encryptBlock };

/**
 * YubiKey SET MANAGEMENT KEY: `00 FF FF FF|FE Lc  alg 9B len key` (P2 FE = touch required, ignored here).
 * Needs a prior management-key authentication.
 */
export const setManagementKey: CommandHandler = (command, context) => {
  if (command.p1 !== 0xff || (command.p2 !== 0xff && command.p2 !== 0xfe)) reject(SW.INCORRECT_P1P2);
  if (!context.session.managementKeyAuthenticated) reject(SW.SECURITY_STATUS_NOT_SATISFIED);
  const [algorithm, ref, length] = [command.data[0], command.data[1], command.data[2]];
  if (algorithm === undefined || ref !== KEY_REF.MANAGEMENT_KEY || length === undefined) {
    return reject(SW.INCORRECT_DATA, 'SET MANAGEMENT KEY template');
  }
  const spec = MANAGEMENT_KEY_ALGORITHMS.get(algorithm);
  if (!spec) return reject(SW.INCORRECT_DATA, 'unsupported management key algorithm');
  if (length !== spec.keyLength || command.data.length !== 3 + length) return reject(SW.WRONG_LENGTH);
  context.state.managementKeyAlgorithm = algorithm;
  context.state.managementKey = command.data.slice(3);
  context.changed();
  return new Uint8Array(0);
};
