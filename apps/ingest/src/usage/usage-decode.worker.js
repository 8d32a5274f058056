// A decode thread's entry point. TypeScript hooks come first (thread-hooks.js); its own modules are
// named without an extension, so a build finds them compiled.
require('../../../../scripts/thread-hooks.js')(__dirname);
const { move, transferableSymbol, valueSymbol } = require('piscina');
const { decodeUsageTask, usageRowsTransferList } = require('./usage-decode-task');

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
