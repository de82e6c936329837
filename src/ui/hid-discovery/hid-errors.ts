/**
 * A HID device description that is not what WebHID describes (WICG WebHID §HIDCollectionInfo): a field of the
 * wrong type or range, or a collection tree too deep or too large to be a real device. Developer-facing: the
 * pairing flow shows the reach verdict, the export keeps the reason.
 */
export class HidDescriptorError extends Error {
  override readonly name = 'HidDescriptorError';
  constructor(
    readonly code: 'not-a-device' | 'bad-field' | 'too-deep' | 'too-large',
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}
