// Runs the nightly steps and records each one in planner_runs (status, attempts, timing, output or
// error). The BullMQ processor runs one step per job; the CLI runs a whole night in-process.
import { Injectable } from '@nestjs/common';
import { PLANNER_CHAIN, PlannerStep } from '@tokenmeter/contracts';
import { AlertEventRepository, PlannerRunRepository } from '@tokenmeter/db';
import { MetricsService } from '@tokenmeter/observability';
import { AlertDispatcher } from './alert-dispatcher';
import { AlertStep } from './alert-step';
import { ForecastStep } from './forecast-step';
import { RecommendationStep } from './recommendation-step';
import { RollupStep } from './rollup-step';
import { UtilizationStep } from './utilization-step';

export interface StepTiming {
  step: PlannerStep;
  seconds: number;
  output: Record<string, unknown>;
}

@Injectable()
export class NightlyChain {
  private readonly steps: Record<PlannerStep, { run(date: string): Promise<object> }>;

  constructor(
    rollup: RollupStep,
    forecast: ForecastStep,
    utilization: UtilizationStep,
    recommendations: RecommendationStep,
    alerts: AlertStep,
    private readonly runs: PlannerRunRepository,
    private readonly alertEvents: AlertEventRepository,
    private readonly dispatcher: AlertDispatcher,
    private readonly metrics: MetricsService,
  ) {
    this.steps = {
      'planner-rollup': rollup,
      'planner-forecast': forecast,
      'planner-utilization': utilization,
      'planner-recommendations': recommendations,
      'planner-alerts': alerts,
    };
  }

  async runStep(step: PlannerStep, date: string): Promise<StepTiming> {
    const started = performance.now();
    await this.runs.started(date, step);
    try {
      const output = (await this.steps[step].run(date)) as Record<string, unknown>;
      await this.runs.completed(date, step, output);
      const seconds = (performance.now() - started) / 1000;
      this.metrics
        .histogram(
          'tokenmeter_planner_step_seconds',
          'Duration of nightly planner steps',
          ['step'],
          [0.1, 1, 5, 15, 60, 300],
        )
        .observe({ step }, seconds);
      await this.resolveJobFailure(step, date);
      return { step, seconds, output };
    } catch (error) {
      await this.runs.failed(date, step, (error as Error).stack ?? String(error)).catch(() => undefined);
      throw error;
    }
  }

  /** Runs the night's steps in order, in this process. */
  async runNight(date: string): Promise<StepTiming[]> {
    const timings: StepTiming[] = [];
    for (const step of PLANNER_CHAIN) timings.push(await this.runStep(step, date));
    return timings;
  }

  /** A step that exhausted its retries: counted, and alerted (once) to the organization. */
  async jobExhausted(step: PlannerStep, date: string, error: string): Promise<void> {
    this.metrics
      .counter('tokenmeter_planner_job_failures_total', 'Nightly planner steps that exhausted their retries', ['step'])
      .inc({ step });
    const event = {
      team: '*',
      kind: 'job-failed',
      subject: step,
      runDate: date,
      transition: 'fired' as const,
      value: 1,
      threshold: 1,
      message: `nightly step ${step} for ${date} failed after all retries: ${error.split('\n')[0].slice(0, 300)}`,
      evidence: { step, date },
    };
    if (await this.alertEvents.recordOne(event)) await this.dispatcher.deliverPending();
  }

  private async resolveJobFailure(step: PlannerStep, date: string): Promise<void> {
    const event = {
      team: '*',
      kind: 'job-failed',
      subject: step,
      runDate: date,
      transition: 'resolved' as const,
      value: 0,
      threshold: 1,
      message: `nightly step ${step} completed for ${date}`,
      evidence: { step, date },
    };
    const firing = (await this.alertEvents.currentStates('*')).some(
      (a) => a.kind === 'job-failed' && a.subject === step && a.state === 'firing',
    );
    if (firing && (await this.alertEvents.recordOne(event))) await this.dispatcher.deliverPending();
  }
}
