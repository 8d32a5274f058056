// One unit of the forecast step's work for a thread: the per-scope forecast, a pure function of a
// scope's daily history and the forecast settings, applied to a batch of scopes.
import {
  type ForecastEngines,
  forecastVolume,
  type VolumeForecast,
  type VolumeForecastOptions,
} from '@tokenmeter/finops';

export interface ForecastTask {
  /** Each scope's daily history, oldest first, ending on the night. */
  histories: Float64Array[];
  settings: VolumeForecastOptions;
}

export function runForecastTask(task: ForecastTask, engines: ForecastEngines): VolumeForecast[] {
  return task.histories.map((history) => forecastVolume(Array.from(history), engines, task.settings));
}
