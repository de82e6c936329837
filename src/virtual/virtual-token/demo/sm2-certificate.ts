/**
 * A self-signed SM2/SM3 certificate (GB/T 32918, GM/T 0015) for the demo token's retired slot 82, so the UI
 * shows its SM2 fields. Only the certificate: a PIV card holds no SM2 key. Made once with OpenSSL 3.0:
 *
 *   openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:SM2 -out k.pem
 *   openssl req -x509 -new -key k.pem -sm3 -sigopt distid:1234567812345678 -utf8 \
 *     -subj "/C=CN/O=示例科技有限公司/OU=911101085923662400/CN=张三（SM2 演示）/serialNumber=911101085923662400" \
 *     -days 3650 -set_serial 0x5A4D32 -out c.pem
 *   openssl x509 -in c.pem -outform DER | base64
 *
 * Valid 2026-11-22 to 2036-11-19. The private key was thrown away.
 */
export const DEMO_SM2_CERTIFICATE_BASE64 =
  'MIICXTCCAgKgAwIBAgIDWk0yMAoGCCqBHM9VAYN1MIGLMQswCQYDVQQGEwJDTjEhMB8GA1UECgwY56S65L6L56eR5oqA5pyJ6ZmQ' +
  '5YWs5Y+4MRswGQYDVQQLDBI5MTExMDEwODU5MjM2NjI0MDAxHzAdBgNVBAMMFuW8oOS4ie+8iFNNMiDmvJTnpLrvvIkxGzAZBgNV' +
  'BAUTEjkxMTEwMTA4NTkyMzY2MjQwMDAeFw0yNjExMjIxNzA5MDJaFw0zNjExMTkxNzA5MDJaMIGLMQswCQYDVQQGEwJDTjEhMB8G' +
  'A1UECgwY56S65L6L56eR5oqA5pyJ6ZmQ5YWs5Y+4MRswGQYDVQQLDBI5MTExMDEwODU5MjM2NjI0MDAxHzAdBgNVBAMMFuW8oOS4' +
  'ie+8iFNNMiDmvJTnpLrvvIkxGzAZBgNVBAUTEjkxMTEwMTA4NTkyMzY2MjQwMDBZMBMGByqGSM49AgEGCCqBHM9VAYItA0IABJKN' +
  'bQptwxZVCDcu1QrGliNmQ56jy4WFc93GhysguhB1NKxMXlV2HvTcv/MKLc12vlcTvW1QitWUGuf/OriHcayjUzBRMB0GA1UdDgQW' +
  'BBTedIwe6ZlRTjgNKhMvm9jMosWNpDAfBgNVHSMEGDAWgBTedIwe6ZlRTjgNKhMvm9jMosWNpDAPBgNVHRMBAf8EBTADAQH/MAoG' +
  'CCqBHM9VAYN1A0kAMEYCIQCBS6RLhSINfEOzhdcUm7hWr7Tf5Uj2HkVskEiR3vgXPwIhANWMZhe8nXWvHDmezJCJQZrqkrAI5OsE' +
  'HVhEs6vuY9mz';

export function demoSm2CertificateDer(): Uint8Array {
  const binary = atob(DEMO_SM2_CERTIFICATE_BASE64);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
