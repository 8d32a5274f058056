// Work a process repeats in the background every few seconds, and once at start so that a process
// that was down catches up at once (the api's budget figures, the worker's budget and anomaly
// checks). The timer never keeps a process alive; the caller stops it when its module is destroyed.

export interface RepeatingTask {
  stop(): void;
}

/**
 * Runs `task` now, then every `seconds`. A failed run does not stop the next one; reporting it is
 * the task's own business (it is not rethrown here, where nobody would see it).
 */
export function repeatEvery(seconds: number, task: () => Promise<unknown>): RepeatingTask {
  const run = () => void task().catch(() => undefined);
  run();
  const timer = setInterval(run, seconds * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
