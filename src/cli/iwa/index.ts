export * from './iwa-errors';
export * from './iwa-manifest';
export * from './iwa-headers';
export * from './integrity-block';
export * from './web-bundle-id';
export * from './trusted-types-audit';
export { readCborItem, type CborItem, type CborValue } from './cbor-reader';
