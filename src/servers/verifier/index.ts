/**
 * Relying-party verifier for "ukey.get" v1 logins (issue 9 §4). Node ≥ 20, no DOM. See README.md.
 */
import 'reflect-metadata';

export { issueChallenge, MemoryChallengeStore, DEFAULT_CHALLENGE_TTL_MS, DEFAULT_MAX_CHALLENGES, TOMBSTONE_MS } from './challenge-store';
export type { MemoryChallengeStoreOptions, ChallengeRecord, ChallengeStore, ConsumeOutcome, IssueChallengeOptions, IssuedChallenge } from './challenge-store';
export { RedisChallengeStore, type RedisCommands } from './redis-challenge-store';
export { verifyLogin, type VerifyLoginOptions } from './verify-login';
export type { LoginIdentity } from './identity';
export { ChallengeStoreFullError, LoginVerificationError, VerifierConfigError, LOGIN_ERROR_CODES, type LoginErrorCode } from './errors';
export { LIMITS } from './limits';
export { installNodeSignatureBackend, sm2Backend, verifyWithNode } from './node-signature-backend';
export { loadTrustDirectory, readCrlFile, addTrustedCertificates } from './trust-files';
export { MemoryTrustStore, type TrustStore } from '../../shared/pki';
export type { SignInEnvelope } from '../../shared/signin';
export { SIGN_IN_ALGS, type SignInAlg } from '../../shared/signin';
