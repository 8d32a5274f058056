// The organization's assumptions in force and its substitute catalog, read as the nightly planner
// reads them (the first read calibrates the defaults from registered deployments), for the commands
// that start "from the organization" (`recommend --organization`, `breakeven --organization`).
import { DeploymentRepository, OrganizationAssumptionsRepository, SubstituteCatalogRepository } from '@tokenmeter/db';
import type { RecommendOrganization } from '@tokenmeter/finops';
import { OrganizationAssumptionsService, SubstituteCatalogService } from '@tokenmeter/planner';
import { withDb } from '../cli-context';

export function organizationPlannerInputs(): Promise<RecommendOrganization> {
  return withDb(async (get) => {
    const assumptions = new OrganizationAssumptionsService(
      get(OrganizationAssumptionsRepository),
      get(DeploymentRepository),
    );
    const substitutes = new SubstituteCatalogService(get(SubstituteCatalogRepository));
    const [current, catalog] = await Promise.all([assumptions.current(), substitutes.current()]);
    return { assumptions: current.values, substituteCatalog: catalog.catalog };
  });
}
