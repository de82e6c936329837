export { readAtrProtocolParameters, type AtrInterfaceBytes, type AtrProtocolParameters, type SpecificMode, type T1AtrParameters } from './atr-parameters';
export { CCID_FEATURE, planTpduLink, tpduLinkReport, type T1LinkSettings, type TpduLinkPlan, type TpduPlanOptions, type TpduReaderFacts } from './ccid-tpdu-plan';
export { computeEdc, crc16, edcLength, lrc, type EdcKind } from './edc';
export { DEFAULT_FI_DI, transmissionFactors, type TransmissionFactors } from './fi-di';
export { buildPpsRequest, checkPpsResponse, type PpsVerdict } from './pps';
export { T0Driver, type T0Options, type TpduExchange } from './t0-driver';
export { decodeT1Block, describeT1Block, encodeT1Block, type T1Block } from './t1-block';
export { DEFAULT_T1_LIMITS, T1Driver, type BlockExchange, type T1DriverSettings, type T1Limits } from './t1-driver';
export { T1BlockFormatError, TPDU_FAILURE, TpduLinkError, type TpduFailure } from './tpdu-errors';
