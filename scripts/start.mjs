// `npm start`: builds the app when the build is missing or older than the sources, then serves the production
// build at http://127.0.0.1:4173/ (port from PORT) and prints the URL.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const built = existsSync('dist/index.html') ? statSync('dist/index.html').mtimeMs : 0;
const sources = Math.max(newestMtime('src'), newestMtime('public'), statSync('index.html').mtimeMs);
if (built < sources) {
  const build = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const port = process.env.PORT ?? '4173';
const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', port, '--strictPort'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
process.stdout.write(`UKey Assistant: http://127.0.0.1:${port}/\n`);
server.on('exit', (code) => process.exit(code ?? 0));
