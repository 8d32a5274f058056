// A self-hosted deployment's cost of ownership for one day (or the part of it it existed): the
// monthly amortized capex plus opex (electricity, hosting, personnel, maintenance) spread over the
// paid hours. The planner's utilization days, the weekly report and the FOCUS export all take a
// deployment's day from here, so they agree to the cent.
import { costDeployment, type SelfHostedDeployment } from './cost-model';

export function deploymentDailyCost(deployment: SelfHostedDeployment, paidHours: number): number {
  return (costDeployment(deployment).amortizedMonthlyUsd / deployment.hoursPerMonth) * paidHours;
}
