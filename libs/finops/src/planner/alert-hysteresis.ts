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
  /** The condition no longer applies at all (e.g. the night no longer recommends migrating): resolve. */
  cleared?: boolean;
  /** A resolution was too recent to fire again (the rule's cooldown): stay resolved. */
  coolingDown?: boolean;
}

export interface HysteresisOutcome {
  state: AlertState | null;
  transition: AlertTransition | null;
}

export function applyHysteresis(input: HysteresisInput): HysteresisOutcome {
  const { previous, value, threshold, hysteresis, direction } = input;
  const firing = previous === 'firing';
  if (input.cleared)
    return firing ? { state: 'resolved', transition: 'resolved' } : { state: previous, transition: null };
  if (value === null) return { state: previous, transition: null };
  if (!firing && input.coolingDown) return { state: previous, transition: null };
  if (direction === 'above') {
    if (!firing && value >= threshold) return { state: 'firing', transition: 'fired' };
    if (firing && value < threshold * (1 - hysteresis)) return { state: 'resolved', transition: 'resolved' };
  } else {
    if (!firing && value < threshold) return { state: 'firing', transition: 'fired' };
    if (firing && value >= threshold * (1 + hysteresis)) return { state: 'resolved', transition: 'resolved' };
  }
  return { state: previous, transition: null };
}
