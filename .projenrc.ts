import { cdk8s, javascript } from 'projen';

// Versions tried together on Node 20.20 (see issue "Foundation"). TypeScript 7 breaks jsii,
// ts-jest and typescript-eslint, so TypeScript is pinned to 6.0.
const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-kubevirt',
  description:
    'cdk8s constructs for private clouds on KubeVirt: VMs, tenant workspaces (Kube-OVN), VM fleets, GPU VMs and tenant Kubernetes clusters (Cluster API), validated against the upstream CRDs.',
  keywords: ['cdk8s', 'kubevirt', 'kube-ovn', 'cdi', 'cluster-api', 'virtualization', 'kubernetes'],
  author: 'cdk8s-kubevirt developers',
  authorAddress: 'dev@cdk8s-kubevirt.invalid',
  repositoryUrl: 'https://github.com/cdk8s-kubevirt/cdk8s-kubevirt.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.16.0',

  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.0',
  cdk8sVersion: '2.70.106',
  // projen's default (10.0) clashes with cdk8s-plus-28's peer range (^10.3.0).
  constructsVersion: '10.4.2',
  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  // yaml renders #cloud-config documents at synth time; jsii libraries bundle non-jsii deps.
  // ip-address does the CIDR math of TenantWorkspace subnets (parse, containment, overlap, first host).
  // ajv checks manifests against CRD schemas in `cdk8s-kubevirt validate` (and in our tests).
  // js-yaml parses the manifests `validate` reads: about 20 times faster than yaml's document API on cdk8s output.
  bundledDeps: ['yaml@2.9.1', 'ip-address@10.7.6', 'ajv@8.20.0', 'ajv-formats@3.0.1', 'js-yaml@5.5.0'],
  devDeps: [
    'cdk8s-plus-28@2.5.6',
    'cdk8s-cli@2.207.60',
    'ts-jest@29.4.15',
    // Property-based tests of every construct (test/fuzz/).
    'fast-check@4.10.2',
    // Evaluates the CEL of the admission guardrails in tests (test/guardrails/), optional types included.
    '@marcbachmann/cel-js@8.0.0',
  ],

  // We run CI from .ci/run and do not release from this repository yet.
  github: false,
  release: false,
  // jsii-docgen writes API.md from the docstrings during `npm run build`.
  docgen: true,

  // Top-level layout: src/ and the generated imports/ compile together, so rootDir is ".".
  entrypoint: 'lib/src/index.js',
  entrypointTypes: 'lib/src/index.d.ts',
  tsconfig: {
    // No inline source maps: they tripled the shipped lib/imports (the generated bindings).
    compilerOptions: { rootDir: '.', inlineSourceMap: false, inlineSources: false },
    include: ['src/**/*.ts', 'imports/**/*.ts'],
  },
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    // Tests and examples resolve the package name to the sources, so they type-check before a build.
    compilerOptions: { rootDir: '.', paths: { 'cdk8s-kubevirt': ['./src'] } },
    include: ['src/**/*.ts', 'imports/**/*.ts', 'test/**/*.ts', 'examples/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', '.projenrc.ts', 'projenrc/**/*.ts'],
  },

  jestOptions: {
    jestVersion: '^30',
    // CI must fail on a changed snapshot, and on a run that finds no test.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    jestConfig: {
      // Examples import the package by name, as a user would; tests run them from source.
      moduleNameMapper: { '^cdk8s-kubevirt$': '<rootDir>/src' },
      testPathIgnorePatterns: ['/node_modules/', '/lib/', '/examples/.*/dist/'],
      coveragePathIgnorePatterns: ['/node_modules/', '/imports/', '/test/'],
      // @marcbachmann/cel-js (the CEL engine of test/guardrails/) ships ES modules only: ts-jest
      // compiles it to CommonJS like our own sources.
      transformIgnorePatterns: ['/node_modules/(?!@marcbachmann/cel-js/)'],
    },
  },
  eslintOptions: { dirs: ['src'], devdirs: ['test', 'examples', 'scripts', 'bench'], ignorePatterns: ['imports/', 'lib/', '*.d.ts', '*.js'] },
});

// Lint tests, examples and scripts with the dev tsconfig that includes them.
project.eslint?.file.addDeletionOverride('parserOptions.projectService');
project.eslint?.file.addOverride('parserOptions.project', './tsconfig.dev.json');

// Transform the ESM-only CEL engine (see jestConfig.transformIgnorePatterns), next to projen's ts-jest entry.
if (project.jest) {
  project.jest.config.transform = {
    ...project.jest.config.transform,
    '^.+/@marcbachmann/cel-js/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022' }, isolatedModules: true }],
  };
}

// Self-reference lets the examples `import ... from 'cdk8s-kubevirt'` exactly as a user would.
project.package.addField('exports', {
  '.': { types: './lib/src/index.d.ts', default: './lib/src/index.js' },
  './package.json': './package.json',
});

project.package.addField('types', 'lib/src/index.d.ts');

// jest 30 resolves modules with unrs-resolver. The registry this project installs from lacks several
// platform bindings of 1.13.0, so its lockfile cannot list them and `npm ci` refuses the lock;
// 1.12.2 has every binding served. Drop this override once 1.13.x is complete there.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// Vendored upstream data is kept byte for byte: crds/lock.json pins each file's sha256.
project.gitattributes.addAttributes('/crds/**/*.yaml', 'linguist-vendored', '-text');
project.gitattributes.addAttributes('/k8s-schemas/**', 'linguist-vendored', '-text');

project.gitignore.exclude('/examples/*/dist/', '/.examples-build/', '/.bench-build/', '/bench/out/');
project.npmignore?.exclude('/examples/', '/scripts/', '/bench/', '/crds/', '/.ci/', '/.examples-build/', '/.bench-build/');
// The package ships compiled code and lib/schemas (the bundle below) only: no binding sources
// (imports/*.ts beside lib/imports), no raw Kubernetes definitions, no bench/examples tsconfigs.
project.npmignore?.exclude('/imports/', '/k8s-schemas/', '/tsconfig.bench.json', '/tsconfig.examples.json', '/test-reports/');

// `validate` needs no flag and no network: after compiling, bundle the served versions of the CRDs
// in crds/ and the Kubernetes definitions in k8s-schemas/, documentation stripped, into lib/schemas
// (one JSON file per API group, loaded on first use of a kind of that group).
const bundleSchemas = project.addTask('bundle-schemas', {
  description: 'Write lib/schemas/ (the CRD and Kubernetes schemas `validate` ships with) from crds/ and k8s-schemas/',
  exec: 'node lib/src/validate/build-bundle.js crds k8s-schemas lib/schemas',
});
project.postCompileTask.prependSpawn(bundleSchemas);

// API.md documents our constructs; the binding namespaces carry upstream's field docs in their .d.ts.
project.tasks.tryFind('docgen')?.reset('jsii-docgen -o API.md --submodule root');

// Regenerate typed bindings from the pinned upstream CRDs (crds/lock.json).
project.addTask('import', {
  description: 'Regenerate imports/ from the CRDs vendored in crds/ and pinned in crds/lock.json (`-- --refresh DIR` first copies them from a mirror such as ../shared/crds)',
  receiveArgs: true,
  exec: 'ts-node --project tsconfig.dev.json scripts/import-crds.ts',
});

// docs/errors.md is generated from the rule catalogue (src/rules/catalogue); a test fails while it is stale.
project.addTask('docs:errors', {
  description: 'Regenerate docs/errors.md from the rule catalogue in src/rules/catalogue',
  exec: 'ts-node --project tsconfig.dev.json scripts/gen-errors.ts',
});

// Build the library once, then synthesize and validate every example with plain node.
const synth = project.addTask('synth', {
  description: 'Build the library, synthesize every example in examples/ and validate the output against the upstream schemas',
});
synth.spawn(project.compileTask);
synth.spawn(bundleSchemas);
synth.exec('tsc -p tsconfig.examples.json');
synth.exec('node .examples-build/scripts/synth-examples.js');

// Benchmarks (bench/): our constructs against a raw cdk8s baseline, compiled JS under plain node.
const bench = project.addTask('bench', {
  description: 'Build the library and run the synth benchmark (`npm run bench -- --quick` for size S only)',
});
bench.spawn(project.compileTask);
bench.spawn(bundleSchemas);
bench.exec('tsc -p tsconfig.bench.json');
bench.exec('node --expose-gc .bench-build/bench/run.js', { receiveArgs: true });

// Property-based tests at 10x the case count `npm test` runs.
project.addTask('fuzz', {
  description: 'Property-based tests of every construct with 10,000 cases each; prints cases, valid, rejected and failures',
  exec: 'jest --coverage=false --testPathPatterns test/fuzz',
  env: { FUZZ_RUNS: '10000' },
});

// `npx cdk8s-kubevirt validate` for pipelines.
project.addBins({ 'cdk8s-kubevirt': 'lib/src/validate/cli.js' });

// ts-jest with isolatedModules only transpiles: type-check tests, examples and scripts too.
project.testTask.prependExec('tsc -p tsconfig.dev.json --noEmit');

project.synth();
