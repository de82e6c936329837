import type { GuideId } from '../guides/guide-ids';
import type { ErrorText } from './error-texts-zh';

/** English texts per error class name; the zh-CN table is the reference. */
export const ERROR_TEXTS_EN: Readonly<Record<string, ErrorText>> = {
  WrongPinError: { cause: 'The PIN is wrong. {attemptsRemaining} tries left.', whatToDo: 'Check it and enter it again; nothing is retried automatically. If you forgot it, read the guide instead of guessing.' },
  PinBlockedError: { cause: 'The PIN was entered wrongly too often and is blocked.', whatToDo: 'Unblock it with the PUK and set a new PIN; without the PUK ask your CA for an unlock.' },
  PinFormatError: { cause: "The PIN's length or characters do not fit the token (6–8).", whatToDo: 'Enter it again following the PIN rule shown; a long PIN is never cut short.' },
  SecurityStatusNotSatisfiedError: { cause: 'The token needs the PIN verified before this operation.', whatToDo: 'Verify the PIN first, then try again.' },
  ApduError: { cause: 'The token refused the command (status word {sw}).', whatToDo: 'Unplug and replug the token and try again; if it persists read the guide and contact your CA.' },
  NotFoundError: { cause: 'The requested data or application is not on the token.', whatToDo: 'Check that this is the right token; read the guide on missing certificates.' },
  WrongLengthError: { cause: 'The token does not accept the length of this command (status word {sw}).', whatToDo: 'This token model may not be supported yet: read the guide.' },
  ConditionsNotSatisfiedError: { cause: 'The token cannot do this in its current state (status word {sw}).', whatToDo: 'Replug the token and try again; unblock the PIN first if it is blocked.' },
  InsNotSupportedError: { cause: 'The token does not support this command (status word {sw}).', whatToDo: 'This token model may not be supported yet: read the guide.' },
  IncorrectDataError: { cause: 'The token found the data in the command incorrect (status word {sw}).', whatToDo: 'Check what you entered and try again; if it persists read the guide.' },
  MalformedApduError: { cause: 'Data exchanged with the token was malformed.', whatToDo: 'Replug the token and try again; if it persists this model may not be supported yet.' },
  TlvError: { cause: 'The token answered with data that could not be decoded.', whatToDo: 'Replug the token and try again; if it persists this model may not be supported yet.' },
  PivAppNotFoundError: { cause: 'The token has no PIV application this app can use.', whatToDo: "The token may use a vendor's own command set, not supported yet: read the guide." },
  InvalidSlotError: { cause: 'The requested slot is not a PIV key or certificate slot.', whatToDo: 'This is a problem of this app: reload the page and try again, and tell support.' },
  ManagementKeyAuthError: { cause: "Authentication with the token's management key failed.", whatToDo: 'Check the management key; if unsure do not keep trying, contact your CA.' },
  IncorrectParametersError: { cause: 'The token does not accept the parameters of the command (status word {sw}).', whatToDo: 'This token model may not be supported yet: read the guide.' },
  HexFormatError: { cause: 'The hexadecimal input is malformed.', whatToDo: 'Check what you entered and try again.' },
  PivDataError: { cause: 'A PIV data object on the token is malformed.', whatToDo: "Read it again; if it persists the token's data may be damaged, contact your CA." },
  CcidSequenceError: { cause: "The token's USB answers arrived out of order.", whatToDo: 'Unplug and replug the token and try again.' },
  CcidCommandError: { cause: "The token's reader part refused the command.", whatToDo: 'Replug the token and try again; if it persists read the guide.' },
  UsbTransferError: { cause: 'A USB transfer to the token failed.', whatToDo: 'Replug the token and try again, preferably not through a USB hub.' },
  VirtualCardStatusError: { cause: 'The demo token reported an error (status word {sw}).', whatToDo: 'This is the demo token: reload the page to start the demo again.' },
  InvalidCardStateError: { cause: "The demo token's saved state is invalid.", whatToDo: 'Reload the page to start the demo again.' },
  DescriptorParseError: { cause: "The token's USB descriptor is malformed, so its interface type cannot be told.", whatToDo: 'This token model may not be supported yet: read the guide.' },
  ProtectedInterfaceError: { cause: 'The browser protects smart-card USB interfaces: ordinary pages and installed web apps cannot reach this token.', whatToDo: 'Only Isolated Web Apps on ChromeOS, Chrome Apps or the Smart Card Connector can reach it; the guide lists the browsers and ways that work.' },
  AccessDeniedError: { cause: 'Another program or driver holds this token, so the browser cannot open it.', whatToDo: "Close the CA's certificate assistant and similar programs; on Windows the token needs the WinUSB driver, see the guide." },
  DeviceBusyError: { cause: 'The token is busy with another operation.', whatToDo: 'Wait for it to finish, then try again.' },
  DeviceDisconnectedError: { cause: 'The token was unplugged or disconnected during the operation.', whatToDo: 'Plug it in again and try once more.' },
  DeviceNotFoundError: { cause: 'The granted token was not found; it may be unplugged.', whatToDo: 'Plug it in; if it is still not found, pair it again.' },
  NoDeviceChosenError: { cause: "No device was chosen in the browser's list.", whatToDo: 'Press the pair button again and choose the token; if it is not listed tick "show all USB devices".' },
  CardAbsentError: { cause: 'No card in the reader, or the token does not answer.', whatToDo: 'Unplug and replug the token and try again.' },
  CardMuteError: { cause: "The token's chip did not answer.", whatToDo: 'Replug the token; if it stays silent it may be damaged, see the guide.' },
  CcidHardwareError: { cause: 'The token reported a hardware error.', whatToDo: 'Replug the token; if it repeats the token may be damaged, see the guide.' },
  CcidTimeoutError: { cause: 'The token did not answer in time.', whatToDo: 'Unplug and replug the token and try again.' },
  MalformedCcidError: { cause: 'The token sent malformed USB data.', whatToDo: 'Replug the token and try again; if it persists this model may not be supported yet.' },
  AtrError: { cause: "The token's answer-to-reset (ATR) could not be decoded.", whatToDo: 'Replug the token and try again; if it persists this model may not be supported yet.' },
  WebUsbUnavailableError: { cause: 'This browser has no WebUSB (or WebHID), so it cannot reach the token.', whatToDo: 'Open the app in a current Chrome or Edge; see the guide.' },
  NotSupportedError: { cause: 'Not supported: {feature}.', whatToDo: 'Read the guide on which tokens and browsers work.' },
  CertificateParseError: { cause: 'A certificate on the token could not be parsed.', whatToDo: 'Read it again; if it persists the certificate may be damaged, contact your CA.' },
  CertificateUntrustedError: { cause: "The certificate's issuer could not be confirmed as trusted.", whatToDo: "Import the CA's certificate or ask your CA." },
  UnsupportedAlgorithmError: { cause: 'The certificate uses an algorithm this app does not support yet.', whatToDo: 'The certificate itself may be fine; read the guide or ask your CA.' },
  CaImportError: {
    cause: 'The chosen file cannot be imported as a CA certificate: it cannot be parsed, or it holds only end-entity certificates.',
    whatToDo: "Choose the root or intermediate CA certificate file your CA provides (.cer .crt .pem .der .p7b); the certificates already imported are kept.",
  },
  CrlError: { cause: 'The revocation list (CRL) could not be read or verified.', whatToDo: 'Check again when online; revocation status is unknown for now.' },
  StorageUnavailableError: { cause: "The browser's local storage (IndexedDB) is unavailable: nothing will be saved.", whatToDo: 'Do not use a private window; check the browser storage settings, see the guide.' },
  CorruptRecordError: { cause: 'A saved record was damaged and was skipped.', whatToDo: 'Nothing to do: it is read again from the token when plugged in.' },
};

export const GUIDE_FALLBACK_EN: Readonly<Partial<Record<GuideId, ErrorText>>> = {
  'card-error': { cause: 'The token reported an error.', whatToDo: 'Replug the token and try again; if it persists read the guide.' },
  'token-unsupported': { cause: 'This token or browser does not support this yet.', whatToDo: 'Read the guide on which tokens and browsers work.' },
  'certificate-unreadable': { cause: 'A certificate could not be read or parsed.', whatToDo: 'Read it again; if it persists contact your CA.' },
  'certificate-untrusted': { cause: "The certificate's issuer could not be confirmed.", whatToDo: "Import the CA's certificate or ask your CA." },
  'revocation-unknown': { cause: 'Revocation status is unknown for now.', whatToDo: 'Check again when online.' },
  'storage-problem': { cause: 'Local storage has a problem.', whatToDo: 'Read the guide to check the browser storage settings.' },
};

export const GENERIC_EN: ErrorText = {
  cause: 'An unexpected problem occurred ({name}).',
  whatToDo: 'Replug the token, reload the page and try again; if it persists read the guide and give this text to support.',
};
