import { JobNames, JobQueues, Queues } from '@tokenmeter/contracts';
import { describe, expect, it } from 'vitest';
import { JobHandlerRegistration, jobHandlerProblems } from './job-handler-check';

// One registration per queue, handling exactly the jobs the contract puts on it.
const complete = (): JobHandlerRegistration[] =>
  Object.values(Queues).map((queue) => ({
    processor: `${queue}-processor`,
    queue,
    jobs: Object.values(JobNames).filter((job) => JobQueues[job] === queue),
  }));

describe('jobHandlerProblems', () => {
  it('accepts one handler per job on its contract queue', () => {
    expect(jobHandlerProblems(complete())).toEqual([]);
  });

  it('names a job without a handler', () => {
    const registrations = complete().map((r) => ({ ...r, jobs: r.jobs.filter((j) => j !== JobNames.weeklyReport) }));
    expect(jobHandlerProblems(registrations)).toEqual([
      'job weekly-report: no handler (expected one on queue reports)',
    ]);
  });

  it('names a job with two handlers, and one on the wrong queue', () => {
    const registrations = [
      ...complete(),
      { processor: 'Stray', queue: Queues.maintenance, jobs: [JobNames.weeklyReport] },
    ];
    expect(jobHandlerProblems(registrations)).toEqual([
      'job weekly-report: 2 handlers (reports-processor, Stray); expected one',
      'job weekly-report: handled by Stray on queue maintenance; expected queue reports',
    ]);
  });

  it('names a handler for a job the contract does not know', () => {
    const registrations = [...complete(), { processor: 'Old', queue: Queues.planner, jobs: ['planner-legacy'] }];
    expect(jobHandlerProblems(registrations)).toEqual([
      'Old: handles planner-legacy, which is not a job of libs/contracts',
    ]);
  });
});
