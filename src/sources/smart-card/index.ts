export * from './web-smart-card-types';
export * from './smart-card-errors';
export { SmartCardTransport, type SmartCardTransportOptions } from './smart-card-transport';
export { SmartCardSource, platformSmartCard, type ReaderSnapshot, type WaitForCardOptions } from './smart-card-source';
export { WebSmartCardDeviceSource, knownTokenForReader, pairedForReader, SMART_CARD_ID_PREFIX } from './smart-card-device-source';
export { RelayedSmartCardManager, type RelayPort } from './relay-manager';
export { RelayedSmartCardSource } from './relayed-source';
