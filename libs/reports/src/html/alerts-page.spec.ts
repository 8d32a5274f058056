import { describe, expect, it } from 'vitest';
import { type AlertsPageData, renderAlertsPage } from './alerts-page';

const data = (evidence: Record<string, unknown>): AlertsPageData => ({
  scope: 'organization',
  states: [],
  transitions: [
    {
      team: 'search',
      kind: 'run-rate-self-host',
      subject: 'api:openai/gpt-4o',
      runDate: '2026-09-12',
      transition: 'fired',
      message: 'crossed',
      evidence,
    },
  ],
  rules: [],
  destinations: [],
  deliveries: [],
  saturation: [],
  audit: [],
});

describe('the alerts page', () => {
  it("links an alert's recommendation to the weekly report page of its night, which a session can open", () => {
    const recommendation = { api: '/v1/recommendations?team=search&from=2026-09-12&to=2026-09-12', kind: 'STAY' };
    const html = renderAlertsPage(data({ recommendation }), 'finops');
    // It linked the Bearer-only JSON API, a 401 in the browser.
    expect(html).toContain('<a href="/reports/weekly/2026-W37">STAY (weekly report 2026-W37)</a>');
    expect(html).not.toContain('<a href="/v1/');
    expect(renderAlertsPage(data({}), 'finops')).not.toContain('/reports/weekly/');
  });
});
