export * from './command';
export * from './errors';
export * from './hex';
export * from './response';
export * from './status-words';
export * from './tlv';
export type { ApduTransport, TransportCapabilities } from './transport';
export * from './processor';
export * from './traffic-log';
