// A forecast thread's entry point. TypeScript hooks come first (thread-hooks.js); its own modules are
// named without an extension, so a build finds them compiled. The WASM models load once per thread.
require('../../../scripts/thread-hooks.js')(__dirname);
const { augursEngines } = require('./augurs-engines');
const { runForecastTask } = require('./forecast-task');

const engines = augursEngines();
module.exports = (task) => runForecastTask(task, engines);
