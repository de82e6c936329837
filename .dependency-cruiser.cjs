/**
 * The dependency rule of src/ (issue 17 §2, DESIGN.md §4), checked by dependency-cruiser in `npm test`
 * (test/unit/layering/dependency-rules.test.ts) and by hand with `npx depcruise src`.
 *
 * One allowlist per group: a file may import its own group, the groups listed for it, and npm packages.
 * Type-only imports count (tsPreCompilationDeps): copying a type to dodge a rule is no way around it either.
 *
 *   ui ─▶ worker (API surface) ─▶ flows ─▶ cards ─▶ apdu          store implements the flows' ports
 *                 └─▶ sources ─▶ usb-driver ─▶ tpdu ─▶ apdu        sources implement apdu's transport
 *   shared (pki, cmp, signin, ca-profiles, errors, bytes): under everything, imports only shared, no DOM/Node
 *   servers: only shared (+ the demo CA, for --demo)      sw: only shared      virtual: none of the driver
 */
'use strict';

const GROUPS = ['ui', 'sw', 'worker', 'flows', 'cards', 'apdu', 'sources', 'usb-driver', 'tpdu', 'store', 'shared', 'servers', 'cli', 'virtual'];

/**
 * What each group may import besides itself, shared and npm packages (paths are regexes under src/). Across groups a
 * file imports a package's index.ts only (rule across-groups-through-an-index below): a package is a group without
 * subfolders (apdu, tpdu, usb-driver, store, worker) or one subfolder of a group (cards/piv, flows/renewal, shared/pki…).
 */
const ALLOWED = {
  ui: [
    // The window reaches the driver only through the worker's index: the API surface (types, error transfer, crash
    // error), never the services behind it.
    'worker/index\\.ts$',
    // Step and phase names and the flows' error classes the screens name (types and error registration).
    'flows/(renewal|unlock)/index\\.ts$',
    // Pairing runs in the window (requestDevice needs a user gesture, DESIGN.md §3) with the known-token
    // table and the CCID descriptor check of 全面检查.
    'usb-driver/index\\.ts$',
    // The shapes of saved records, by type only: the window reads and writes them through the worker's records
    // service and never opens the database (rule ui-never-opens-the-store below, issue 17 §4).
    'store/index\\.ts$',
    'sw/index\\.ts$', 'sw/client/index\\.ts$',
  ],
  sw: [],
  worker: ['flows/', 'cards/', 'sources/', 'store/', 'apdu/', 'usb-driver/', 'tpdu/', 'sw/index\\.ts$', 'sw/client/index\\.ts$',
    // Demo mode: the worker plugs the emulated token and trusts the demo CA for it only.
    'virtual/'],
  // Flows speak to a card only through their ports, typed with the seam (never a profile such as cards/piv);
  // ISO 7816-4 errors classify what a card answered.
  flows: ['cards/seam/', 'apdu/'],
  cards: ['apdu/'],
  apdu: [],
  // A source announces tokens in the plain shared vocabulary of the seam's token model.
  sources: ['usb-driver/', 'tpdu/', 'apdu/', 'cards/seam/'],
  'usb-driver': ['tpdu/'],
  // ISO 7816-3 §12.2 (T=0) needs the ISO 7816-4 command cases: tpdu decodes a command APDU with apdu/.
  tpdu: ['apdu/'],
  store: ['flows/', 'cards/seam/'],
  shared: [],
  servers: ['virtual/demo-ca/'],
  cli: ['apdu/', 'cards/', 'usb-driver/', 'tpdu/', 'servers/', 'virtual/'],
  // The emulator is a second implementation: no driver code at run time or by type. It may raise the shared
  // error classes (so the window can rebuild card errors) and use the fixed demo CA.
  virtual: [],
};

const forbiddenPerGroup = GROUPS.map((group) => ({
  name: `only-allowed-from-${group}`,
  comment: `${group} imports only itself, shared/, npm packages and: ${ALLOWED[group].join(', ') || '(nothing else)'}`,
  severity: 'error',
  from: { path: `^src/${group}/` },
  to: {
    path: '^src/',
    pathNot: [`^src/${group}/`, '^src/shared/', ...ALLOWED[group].map((p) => `^src/${p}`)],
  },
}));

module.exports = {
  forbidden: [
    ...forbiddenPerGroup,
    {
      name: 'across-groups-through-an-index',
      comment:
        'A file imports another group only through a package index (src/<group>/index.ts, or ' +
        'src/<group>/<package>/index.ts for groups with subfolders): what a package offers is what its index exports ' +
        '(issue 17 §2), and moving a file inside a package breaks no one outside it.',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/', pathNot: ['^src/$1/', '^src/[^/]+/index\\.tsx?$', '^src/[^/]+/[^/]+/index\\.tsx?$'] },
    },
    {
      name: 'ui-never-opens-the-store',
      comment:
        'Only the worker opens and migrates the app database (issue 17 §4): the window imports record types from ' +
        'store/ (import type) and calls driver.records for the data.',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { path: '^src/store/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles, between folders or files (type-only cycles included).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'shared-runs-everywhere',
      comment: 'shared/ runs in the window, the workers and Node: no Node built-ins.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'browser-code-has-no-node',
      comment: 'Code that ships in the app bundle imports no Node built-ins.',
      severity: 'error',
      from: { path: '^src/(ui|sw|worker|flows|cards|apdu|sources|usb-driver|tpdu|store)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'src-never-imports-test',
      comment:
        'Test code never reaches src/ by an import: a test build gets its doubles from vite.config.ts (--mode e2e-usb), ' +
        'so no production bundle depends on tree-shaking to leave them out.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: { path: '^src/' },
      // virtual:ukey-usb-double is made by vite.config.ts (a no-op except in the e2e-usb test build).
      to: { couldNotResolve: true, pathNot: '^virtual:ukey-usb-double$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
