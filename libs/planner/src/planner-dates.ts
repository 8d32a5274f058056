// Nights are UTC calendar days written YYYY-MM-DD.

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The night that ended most recently at `now`: yesterday, UTC. */
export function lastNight(now: Date): string {
  return addDays(now.toISOString().slice(0, 10), -1);
}

export function nightsBetween(from: string, to: string): string[] {
  const nights: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) nights.push(d);
  return nights;
}
