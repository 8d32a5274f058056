// A forecast thread's entry point. TypeScript hooks come first: a thread started under a test
// runner does not inherit them the way `node -r ./scripts/register.js` passes them on. The WASM
// models load once per thread.
require('../../../scripts/register.js');
const { augursEngines } = require('./augurs-engines.ts');
const { runForecastTask } = require('./forecast-task.ts');

const engines = augursEngines();
module.exports = (task) => runForecastTask(task, engines);
