// The demo clients' thread (demo-clients.ts). TypeScript hooks come first: a thread started under a
// test runner does not inherit them the way `node -r ./scripts/register.js` passes them on.
require('../../../../scripts/register.js');
const { parentPort, workerData } = require('node:worker_threads');
const { runDemoClients } = require('./demo-clients.ts');

const keys = new Promise((resolve) => parentPort.once('message', resolve));
runDemoClients(workerData, keys, (message) => parentPort.postMessage(message)).catch((error) => {
  // An error thrown here reaches the demo as the worker's 'error' event, with its message.
  setImmediate(() => {
    throw error;
  });
});
