// A decode thread's entry point. TypeScript hooks come first: a thread started under a test runner
// does not inherit them the way `node -r ./scripts/register.js` passes them on.
require('../../../../scripts/register.js');
module.exports = require('./usage-decode-task.ts').decodeUsageTask;
