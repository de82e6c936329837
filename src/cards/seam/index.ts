export * from './errors';
export * from './open-session';
export type * from './token-session';
export { TOKEN_TRANSPORT_KINDS } from './token-model';
export type { CardPinPolicy, KeyRole, PairedToken, PinStatus, PinStatusPair, TokenCapabilities, TokenTransportKind } from './token-model';
