// The demo clients' thread (demo-clients.ts). TypeScript hooks come first (thread-hooks.js); its own
// modules are named without an extension, so a build finds them compiled.
require('../../../../scripts/thread-hooks.js')(__dirname);
const { parentPort, workerData } = require('node:worker_threads');
const { runDemoClients } = require('./demo-clients');

const keys = new Promise((resolve) => parentPort.once('message', resolve));
runDemoClients(workerData, keys, (message) => parentPort.postMessage(message)).catch((error) => {
  // An error thrown here reaches the demo as the worker's 'error' event, with its message.
  setImmediate(() => {
    throw error;
  });
});
