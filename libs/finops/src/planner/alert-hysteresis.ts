// One alert per crossing, not a storm: an alert fires when its value crosses the threshold and
// resolves only once the value has moved back past the threshold by the hysteresis band, so a value
// hovering at the line fires once.
import type { AlertDirection } from './alert-rules';

export type AlertState = 'firing' | 'resolved';
export type AlertTransition = 'fired' | 'resolved';

export interface HysteresisInput {
  previous: AlertState | null;
  /** null = nothing measured tonight: the state stays as it was. */
  value: number | null;
  threshold: number;
  hysteresis: number;
  direction: AlertDirection;
}

export interface HysteresisOutcome {
  state: AlertState | null;
  transition: AlertTransition | null;
}

export function applyHysteresis(input: HysteresisInput): HysteresisOutcome {
  const { previous, value, threshold, hysteresis, direction } = input;
  if (value === null) return { state: previous, transition: null };
  const firing = previous === 'firing';
  if (direction === 'above') {
    if (!firing && value >= threshold) return { state: 'firing', transition: 'fired' };
    if (firing && value < threshold * (1 - hysteresis)) return { state: 'resolved', transition: 'resolved' };
  } else {
    if (!firing && value < threshold) return { state: 'firing', transition: 'fired' };
    if (firing && value >= threshold * (1 + hysteresis)) return { state: 'resolved', transition: 'resolved' };
  }
  return { state: previous, transition: null };
}
