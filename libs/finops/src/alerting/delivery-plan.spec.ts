import { describe, expect, it } from 'vitest';
import { DIGEST_OVER, deliveryPlan } from './delivery-plan';

describe('deliveryPlan: one message per transition, never a storm', () => {
  it('sends each transition on its own while they are few and the hourly budget lasts', () => {
    expect(deliveryPlan('webhook', 1, 10)).toEqual({ kind: 'each', send: 1 });
    expect(deliveryPlan('slack', DIGEST_OVER, 10)).toEqual({ kind: 'each', send: DIGEST_OVER });
  });

  it('groups more than DIGEST_OVER at once, or more than the budget left, into one digest', () => {
    expect(deliveryPlan('slack', DIGEST_OVER + 1, 100)).toEqual({ kind: 'digest' });
    expect(deliveryPlan('teams', 3, 2)).toEqual({ kind: 'digest' });
  });

  it('sends nothing once the hourly budget is spent (the transitions are recorded as rate-limited)', () => {
    expect(deliveryPlan('webhook', 1, 0)).toEqual({ kind: 'each', send: 0 });
    expect(deliveryPlan('slack', 40, 0)).toEqual({ kind: 'each', send: 0 });
    expect(deliveryPlan('email', 2, -3)).toEqual({ kind: 'each', send: 0 });
  });

  it('never groups or holds back PagerDuty: it deduplicates on its side', () => {
    expect(deliveryPlan('pagerduty', 12, 0)).toEqual({ kind: 'each', send: 12 });
  });
});
