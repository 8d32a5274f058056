// The organization's assumptions in force and its substitute catalog, read as the nightly planner
// reads them (the first read calibrates the defaults from registered deployments), for the commands
// that start "from the organization" (`recommend --organization`, `breakeven --organization`).
// The database and the planner load on first use: without --organization those commands need neither,
// and start in half the time.
import type { RecommendOrganization } from '@tokenmeter/finops';

export async function organizationPlannerInputs(): Promise<RecommendOrganization> {
  const [{ DeploymentRepository, OrganizationAssumptionsRepository, SubstituteCatalogRepository }, planner, cli] =
    await Promise.all([import('@tokenmeter/db'), import('@tokenmeter/planner'), import('../cli-context')]);
  const { OrganizationAssumptionsService, SubstituteCatalogService } = planner;
  return cli.withDb(async (get) => {
    const assumptions = new OrganizationAssumptionsService(
      get(OrganizationAssumptionsRepository),
      get(DeploymentRepository),
    );
    const substitutes = new SubstituteCatalogService(get(SubstituteCatalogRepository));
    const [current, catalog] = await Promise.all([assumptions.current(), substitutes.current()]);
    return { assumptions: current.values, substituteCatalog: catalog.catalog };
  });
}
