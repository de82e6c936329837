export { Pkcs15Card, type Pkcs15CardSpec } from './pkcs15-card';
export { PinObject } from './pin-object';
export { buildFileTree, storedPin, FIDS, PKCS15_AID, type CardKey, type CardLayout } from './layout';
export { pkcs15Atr, pkcs15CardFrom, pkcs15TestLayout, provisionPkcs15Card, PKCS15_CARD_PIN, PKCS15_CARD_PIN_TRIES, type Pkcs15CardOptions } from './provision';
