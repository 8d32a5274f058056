// A decode thread's entry point. TypeScript hooks come first: a thread started under a test runner
// does not inherit them the way `node -r ./scripts/register.js` passes them on.
require('../../../../scripts/register.js');
const { move, transferableSymbol, valueSymbol } = require('piscina');
const { usageRowsTransferList } = require('@tokenmeter/db/usage-copy-rows');
const { decodeUsageTask } = require('./usage-decode-task.ts');

// The COPY bytes move to the consumer's thread instead of being copied.
module.exports = (task) => {
  const result = decodeUsageTask(task);
  if (result.needTables) return result;
  return move({
    get [transferableSymbol]() {
      return usageRowsTransferList(result.rows);
    },
    get [valueSymbol]() {
      return result;
    },
  });
};
