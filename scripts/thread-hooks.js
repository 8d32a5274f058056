// A worker thread's TypeScript hooks, loaded by its entry point (*.worker.js) before anything else. A
// thread does not inherit the hooks `node -r ./scripts/register.js` gives its main thread when a test
// runner starts it, so an entry among the TypeScript sources loads them itself; in a build (npm run
// build, the image) its modules are compiled JavaScript and it needs none.
const { readdirSync } = require('node:fs');

module.exports = function threadHooks(entryDir) {
  if (readdirSync(entryDir).some((name) => name.endsWith('.ts'))) require('./register.js');
};
