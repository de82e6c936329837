export { PivCard, VIRTUAL_PIV_ATR, type PivCardOptions, type PivCardRuntimeOptions } from './piv-card';
export type { SmartCard } from './smart-card';
export { VirtualCardStatusError } from './card-status';
export { InvalidCardStateError, KeyOrigin, PinPolicy, TouchPolicy, type CardStateJson, type SlotKey } from './card-state';
export { EMULATED_VERSION, MOVE_KEY_VERSION, type FirmwareVersion } from './yubikey-extensions';
export { VirtualUsbFaults } from './faults';
export { CARD_KINDS, cardKind, DEFAULT_CARD_KIND, type CardKind, type CardKindId, type RetiredKeysLayout } from './card-kinds';
