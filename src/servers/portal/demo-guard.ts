/**
 * `npm run portal -- --demo` (issue 14 §3, review L5): the demo CA's private key ships in the repository
 * (src/virtual/demo-ca), so anyone can mint a certificate that this portal then accepts as a login. The portal
 * says so on every start, before it listens, and refuses to run where NODE_ENV=production.
 */
export class DemoInProductionError extends Error {
  override readonly name = 'DemoInProductionError';
}

export function refuseDemoInProduction(nodeEnv: string | undefined): void {
  if (nodeEnv === 'production') {
    throw new DemoInProductionError(
      '演示模式 (--demo) 信任公开的演示 CA 密钥，生产环境 (NODE_ENV=production) 拒绝启动。 ' +
        '--demo trusts a public demo CA key and is refused with NODE_ENV=production.',
    );
  }
}

export function demoBanner(): string {
  const line = '='.repeat(78);
  return [
    line,
    ' 演示模式：本门户信任仓库中公开的演示 CA 密钥，任何人都能用它签发证书并以任意身份登录。',
    ' DEMO MODE: this portal trusts the public demo CA key from the repository; anyone can mint a',
    ' certificate with it and sign in as anyone. Only for the demo token, never for real users.',
    line,
    '',
  ].join('\n');
}
