// A deployment belongs to one team (DESIGN §7): usage may name a deployment only of the team it is
// counted for. Usage attributed to another team's deployment would show in that deployment's
// served tokens and utilization. Deployments not registered (yet) stay allowed: a name is
// attributed only once someone owns it. Checked on every path that writes usage: the collector
// (HTTP) and the ingest consumer (records produced straight to Kafka).

/** The owning team of each registered deployment, by name. */
export type DeploymentOwners = ReadonlyMap<string, string>;

/** Why `record` may not name its deployment, or null when it may (the field's path is the caller's). */
export function foreignDeploymentRefusal(
  record: { team: string; deployment?: string | null },
  owners: DeploymentOwners,
): string | null {
  if (!record.deployment) return null;
  const owner = owners.get(record.deployment);
  if (owner === undefined || owner === record.team) return null;
  return `expected a deployment of team "${record.team}"; ${JSON.stringify(record.deployment)} belongs to another team`;
}
