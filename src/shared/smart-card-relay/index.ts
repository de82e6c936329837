export { SMART_CARD_RELAY_OFFER, isSmartCardRelayOffer, toRelayError } from './protocol';
export type { RelayCall, RelayError, RelayMessage, RelayReaderStateIn, RelayRequest, SmartCardRelayOffer } from './protocol';
