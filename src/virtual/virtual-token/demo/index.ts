export { DEMO_FIRMWARE_VERSION, DEMO_HOLDER, DEMO_SLOTS, provisionDemoToken, provisionDemoTokenWithCa, type DemoToken } from './provision';
export { DEMO_SM2_CERTIFICATE_BASE64, demoSm2CertificateDer } from './sm2-certificate';
export { DEMO_USCI, isValidUsci, usciCheckCharacter } from './usci';
