export { HidDescriptorError } from './hid-errors';
export { HID_USAGE_PAGE, usageCategory, type UsageCategory } from './hid-usages';
export { summariseCollections, type HidCollectionSummary, type HidDeviceLike, type HidReportSummary, type HidTreeSummary } from './hid-summary';
export { describeHidDevice, type HidDeviceSummary, type HidVerdict } from './describe-hid-device';
export { hidRequestOptions, hidVendorIds, type HidRequestOptions } from './hid-filters';
