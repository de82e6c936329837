/**
 * How long the reference CA's one-time 解锁授权码 is, for the CA that issues it and the app that asks for it
 * (one number, so a screen never promises 8 digits while the CA sends 16). Why 16: src/servers/ca-server/README.md
 * "How long the unlock code is" (security review L2: offline guessing against an intercepted release).
 */
export const UNLOCK_CODE_DIGITS = 16;
