// The planner's assumptions for this process (defaults from libs/finops); one injectable so a
// test or a later configuration source can replace them in one place.
import { DEFAULT_PLANNER_ASSUMPTIONS, PlannerAssumptions } from '@tokenmeter/finops';

export const PLANNER_ASSUMPTIONS = Symbol('PLANNER_ASSUMPTIONS');

export const plannerAssumptionsProvider = {
  provide: PLANNER_ASSUMPTIONS,
  useValue: DEFAULT_PLANNER_ASSUMPTIONS as PlannerAssumptions,
};
