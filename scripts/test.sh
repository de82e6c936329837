#!/usr/bin/env bash
# `npm test`: every test, from a bare machine. Installs what it needs, then runs the tiers in order:
# static checks → unit + session → interop with real PC/SC clients → build → E2E in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm install`, not `npm ci`: npm 11 refuses `ci` when the lock lacks entries for other platforms'
  # optional binaries (rollup's @rollup/rollup-*), which the registry reachable here does not describe.
  npm install --no-audit --no-fund
fi
mkdir -p test-results
npm run typecheck
npm run lint
status=0
npx vitest run --project unit --project interop --project server --passWithNoTests --reporter=default --reporter=json \
  --outputFile.json=test-results/vitest-unit.json || status=$?
npm run build
npx vitest run --project e2e --reporter=default --reporter=json \
  --outputFile.json=test-results/vitest-e2e.json || status=$?
node scripts/test-summary.mjs test-results/vitest-unit.json test-results/vitest-e2e.json
exit $status
