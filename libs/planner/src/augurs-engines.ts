// Loads the @bsull/augurs WASM models (MSTL with an AutoETS trend, and AutoETS alone) once per
// thread (each forecast thread of ForecastPool loads its own). The package ships ESM with web-style
// init; in CommonJS Node the module is required and initialized synchronously from the .wasm file
// next to it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ets from '@bsull/augurs/ets';
import * as mstl from '@bsull/augurs/mstl';
import type { ForecastEngines, SeasonalModel } from '@tokenmeter/finops';

let loaded = false;

function load(): void {
  if (loaded) return;
  const dir = path.dirname(require.resolve('@bsull/augurs/mstl'));
  mstl.initSync({ module: readFileSync(path.join(dir, 'mstl_bg.wasm')) });
  ets.initSync({ module: readFileSync(path.join(dir, 'ets_bg.wasm')) });
  loaded = true;
}

export function augursEngines(): ForecastEngines {
  load();
  return {
    mstlEts: (periods) => mstl.MSTL.ets(periods) as unknown as SeasonalModel,
    autoEts: () => new ets.AutoETS(1, 'ZZN') as unknown as SeasonalModel,
  };
}
