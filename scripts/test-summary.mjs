// Prints one closing line over every vitest run of `npm test`: "tests: N passed, N failed, N skipped".
// A test file that failed to load (no test ran in it) counts as one failure, so it can't hide.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  for (const suite of report.testResults ?? []) {
    const results = suite.assertionResults ?? [];
    passed += results.filter((r) => r.status === 'passed').length;
    const suiteFailures = results.filter((r) => r.status === 'failed').length;
    failed += suiteFailures;
    skipped += results.filter((r) => r.status === 'pending' || r.status === 'skipped' || r.status === 'todo').length;
    if (suite.status === 'failed' && suiteFailures === 0) failed += 1;
  }
}
process.stdout.write(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
