/**
 * `npm run ukey -- <command> …`: one entry point, each command in its own module, loaded on demand.
 */
import 'reflect-metadata';

type CommandModule = { run(args: string[]): Promise<number> };

const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  'virtual-token': () => import('./virtual-token-command'),
  inspect: () => import('./inspect-command'),
  'verify-login': () => import('./verify-login-command'),
};

const USAGE = `usage: ukey <command> [options]
  virtual-token --vpcd [--port 35963] [--state FILE] [--pin-retries N]
  inspect FILE [--trust DIR] [--crl FILE] [--at ISO-8601-TIME] [--threshold-days N]
  verify-login RESPONSE.json --challenge B64URL --origin ORIGIN --trust DIR [--crl FILE] [--at ISO-8601-TIME]`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const load = name ? COMMANDS[name] : undefined;
  if (!load) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const command = await load();
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ukey: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
