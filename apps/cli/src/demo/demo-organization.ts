import type { TeamProfile } from '@tokenmeter/db';

/** The demo's organization: teams with different profiles (the qualitative factors matter to the planner). */
export const DEMO_TEAM_PROFILES: TeamProfile[] = [
  { slug: 'search', name: 'Search', latencyUnder100ms: false },
  { slug: 'support', name: 'Customer Support', privacyCritical: true },
  { slug: 'marketing', name: 'Marketing' },
  { slug: 'risk', name: 'Risk & Compliance', privacyCritical: true, extensiveCustomization: true },
];
