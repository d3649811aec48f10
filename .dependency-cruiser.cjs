// Import boundaries of Elanus (docs/decisions/0003-lint-and-layers.md), checked by `npm run lint:layers`.
//
//   transports  src/server, src/client, src/cli   (only src/index.ts and src/cli import a transport)
//       |
//   protocol    src/protocol                      (request decoding, dispatch, replies)
//       |
//   engine      src/engine
//       |
//   below       src/catalog, src/expr, src/data, src/vector, src/storage
//       |
//   bottom      src/errors.ts, src/version.ts
//
// Arrows point down only; a layer may skip layers below it. Among the folders below the engine:
// catalog imports only errors.ts; expr and data may import catalog; storage may import catalog and
// data; vector (the vector kernel) imports none of them. No file imports itself back through a cycle.
// A file outside a folder of src/ imports it only through the folder's index.ts barrel.
//
// Type-only imports count: a layer that needs a type of a layer above it still depends on it.

const BOTTOM = '^src/(errors|version)\\.ts$';
const BELOW_ENGINE = '^src/(catalog|expr|data|vector|storage)/';

/** One rule per layer: a file of `layer` may import, in src/, only its own folder and `allowed`. */
function layer(name, comment, from, allowed) {
  return { name, comment, severity: 'error', from: { path: from }, to: { path: '^src/', pathNot: ['^$1/', ...allowed] } };
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No cycles between files: a cycle makes load order matter and the files one unit in all but name.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    layer('layer-server', 'src/server (a transport) imports protocol, engine and below; not the other transports.', '^(src/server)/', [
      '^src/(protocol|engine)/',
      BELOW_ENGINE,
      BOTTOM,
    ]),
    layer(
      'layer-client',
      'src/client (a transport: remote over gRPC, embedded through protocol dispatch) imports protocol, engine and below; not the other transports.',
      '^(src/client)/',
      ['^src/(protocol|engine)/', BELOW_ENGINE, BOTTOM],
    ),
    layer('layer-protocol', 'src/protocol imports the engine and below; never a transport.', '^(src/protocol)/', [
      '^src/engine/',
      BELOW_ENGINE,
      BOTTOM,
    ]),
    layer('layer-engine', 'src/engine imports the folders below it; never protocol or a transport.', '^(src/engine)/', [BELOW_ENGINE, BOTTOM]),
    layer('layer-catalog', 'src/catalog imports only errors.ts.', '^(src/catalog)/', ['^src/errors\\.ts$']),
    layer(
      'layer-expr',
      'src/expr imports only catalog and the column types of data (its compiled filters read columns), and the bottom.',
      '^(src/expr)/',
      ['^src/(catalog|data)/', BOTTOM],
    ),
    layer('layer-data', 'src/data imports only catalog (and the bottom).', '^(src/data)/', ['^src/catalog/', BOTTOM]),
    layer('layer-storage', 'src/storage imports only catalog and data (and the bottom).', '^(src/storage)/', ['^src/(catalog|data)/', BOTTOM]),
    layer('layer-vector', 'src/vector, the vector kernel, imports nothing of the engine: only the bottom.', '^(src/vector)/', [BOTTOM]),
    layer('layer-bottom', 'src/errors.ts and src/version.ts import nothing of src.', '^(src/(errors|version)\\.ts)$', [BOTTOM]),
    {
      name: 'import-folders-through-barrels',
      comment: "A file of src outside a folder imports it only through the folder's index.ts.",
      severity: 'error',
      from: { path: '^(src/[^/]+)' },
      to: { path: '^src/[^/]+/', pathNot: ['^$1/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'black-box-code-uses-barrels',
      comment:
        'bench/, test/compat/ and test/fuzz/ use Elanus as a user would: through src/index.ts or a folder barrel. ' +
        'test/unit/ tests internals and may import any file.',
      severity: 'error',
      from: { path: '^(bench|test/compat|test/harness|test/fuzz)/' },
      to: { path: '^src/[^/]+/', pathNot: '^src/[^/]+/index\\.ts$' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve to a file or a package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'src-not-to-dev-dependencies',
      comment: 'src/ ships in the package: it cannot import what only devDependencies install.',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-undeclared-packages',
      comment: 'A package imported but not in package.json.',
      severity: 'error',
      from: { path: '^(src|test)/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // AssemblyScript, compiled by asc, not tsc; bench/ann/node_modules holds optional peer libraries.
    exclude: { path: ['^src/vector/wasm/', '^bench/ann/node_modules/', '^dist/'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
