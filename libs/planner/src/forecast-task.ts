// One unit of the forecast step's work for a thread: the per-scope forecast, a pure function of a
// scope's daily history, its calendar (with the backtests of its previous forecast) and the forecast
// settings, applied to a batch of scopes.
import {
  type ForecastCalendar,
  type ForecastEngines,
  forecastVolume,
  type VolumeForecast,
  type VolumeForecastOptions,
} from '@tokenmeter/finops';

export interface ForecastTask {
  /** Each scope's daily history, oldest first, ending on the night. */
  histories: Float64Array[];
  /** Each scope's calendar and earlier backtests, in the same order. */
  calendars: ForecastCalendar[];
  settings: VolumeForecastOptions;
}

export function runForecastTask(task: ForecastTask, engines: ForecastEngines): VolumeForecast[] {
  return task.histories.map((history, i) =>
    forecastVolume(Array.from(history), engines, task.settings, task.calendars[i]),
  );
}
