import type { TeamProfile } from '@tokenmeter/db';

/** The demo's organization: teams with different profiles (the qualitative factors matter to the planner). */
export const DEMO_TEAM_PROFILES: TeamProfile[] = [
  { slug: 'search', name: 'Search', latencyUnder100ms: false },
  { slug: 'support', name: 'Customer Support', privacyCritical: true },
  { slug: 'marketing', name: 'Marketing' },
  // Its data must not leave: its Bedrock route already keeps it inside, so no hardware is bought for it.
  { slug: 'risk', name: 'Risk & Compliance', privacy: 'must-not-leave', extensiveCustomization: true },
];
