// At start-up, before any job is taken: every job of libs/contracts/src/jobs.ts has exactly one
// handler in this worker, on the queue the contract names. A job enqueued by the API or the
// scheduler with no handler would otherwise sit in Redis until someone noticed.
import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { JobName, JobNames, JobQueues } from '@tokenmeter/contracts';
import { JOB_QUEUE_METADATA, JobHost } from './job-host';

export interface JobHandlerRegistration {
  processor: string;
  queue: string;
  jobs: string[];
}

/** What is wrong with these registrations, one line each; empty when every job has one handler. */
export function jobHandlerProblems(registrations: JobHandlerRegistration[]): string[] {
  const problems: string[] = [];
  for (const job of Object.values(JobNames) as JobName[]) {
    const handlers = registrations.filter((r) => r.jobs.includes(job));
    if (handlers.length === 0) problems.push(`job ${job}: no handler (expected one on queue ${JobQueues[job]})`);
    if (handlers.length > 1)
      problems.push(
        `job ${job}: ${handlers.length} handlers (${handlers.map((h) => h.processor).join(', ')}); expected one`,
      );
    for (const h of handlers.filter((r) => r.queue !== JobQueues[job])) {
      problems.push(`job ${job}: handled by ${h.processor} on queue ${h.queue}; expected queue ${JobQueues[job]}`);
    }
  }
  for (const r of registrations) {
    for (const job of r.jobs.filter((j) => !(j in JobQueues)))
      problems.push(`${r.processor}: handles ${job}, which is not a job of libs/contracts`);
  }
  return problems;
}

@Injectable()
export class JobHandlerCheck implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const registrations = this.discovery
      .getProviders()
      .filter((wrapper) => wrapper.instance instanceof JobHost && wrapper.metatype)
      .map((wrapper) => ({
        processor: wrapper.metatype!.name,
        queue: this.reflector.get<string>(JOB_QUEUE_METADATA, wrapper.metatype!) ?? '(not declared with @JobProcessor)',
        jobs: Object.keys((wrapper.instance as JobHost).handlers),
      }));
    const problems = jobHandlerProblems(registrations);
    if (problems.length > 0)
      throw new Error(`job handlers do not match libs/contracts/src/jobs.ts:\n  ${problems.join('\n  ')}`);
  }
}
