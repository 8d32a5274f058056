// Runs TypeScript sources directly: SWC compiles on load (keeping decorator metadata for Nest's
// injector) and tsconfig-paths resolves the @tokenmeter/* aliases.
process.env.SWC_NODE_PROJECT ??= require('node:path').join(__dirname, '..', 'tsconfig.json');
require('tsconfig-paths').register({
  baseUrl: require('node:path').join(__dirname, '..'),
  paths: require('../tsconfig.json').compilerOptions.paths,
});
require('@swc-node/register');
