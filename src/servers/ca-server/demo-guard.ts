/**
 * `serve --demo` (issue 14 §3): the demo CA's private key ships in the repository (src/virtual/demo-ca), so
 * anyone can sign as it. The server says so on every start and refuses to run where NODE_ENV=production.
 */
export class DemoInProductionError extends Error {
  override readonly name = 'DemoInProductionError';
}

export function refuseDemoInProduction(nodeEnv: string | undefined): void {
  if (nodeEnv === 'production') {
    throw new DemoInProductionError(
      '--demo trusts a public demo key and is refused with NODE_ENV=production / 演示模式使用公开的演示密钥，生产环境 (NODE_ENV=production) 拒绝启动',
    );
  }
}

export function demoBanner(): string {
  const line = '='.repeat(78);
  return [
    line,
    ' DEMO CA — 演示 CA：本服务使用仓库中公开的演示密钥签发证书和回应，任何人都能冒充它。',
    ' DEMO CA: this server signs with a public demo key from the repository; anyone can impersonate it.',
    ' Only for the demo token. Never for real tokens or users. 仅供演示 UKEY 使用。',
    line,
    '',
  ].join('\n');
}
