// @tokenmeter/telemetry: pure parsing of self-hosted telemetry (vLLM logs, vLLM /metrics, DCGM).
// No I/O and no clock: callers pass text, the year and times in.

export { type CounterReading, counterDelta, counterReadingDelta, seriesKey } from './counter-delta';
export {
  type DcgmEnergyDelta,
  type DcgmGpuReading,
  type DcgmMigSlice,
  type DcgmSnapshot,
  dcgmEnergyDelta,
  dcgmSnapshot,
  parseDcgmMetrics,
} from './dcgm-metrics';
export {
  type EngineLogParseOptions,
  EngineLogStreamParser,
  parseEngineLine,
  parseEngineLog,
} from './engines/engine-log-parser';
export type {
  EngineLogRecord,
  EngineStatsRecord,
  RequestTokens,
  RequestUsageRecord,
  StatsCounts,
} from './engines/engine-log-record';
export { parseEngineMetrics } from './engines/engine-metrics';
export {
  type EngineCounterDeltas,
  type EngineMetricsSnapshot,
  engineCounterDeltas,
} from './engines/engine-metrics-snapshot';
export { type EngineTokenUsage, engineTokenUsage, engineUtilizationSamples } from './engines/engine-usage';
export { isServingEngine, SERVING_ENGINES, type ServingEngine } from './engines/serving-engine';
export { servingMetricsSnapshot } from './engines/serving-metrics-snapshot';
export { SGLANG_DECODE_WINDOW_MAX_SEC, sglangDecodeWindowSec } from './engines/sglang/sglang-decode-window';
export { type StrippedLine, stripLogPrefixes } from './log-prefix-stripper';
export { redactMessage } from './message-redactor';
export { type PrometheusParseResult, type PrometheusSample, parsePrometheusText } from './prometheus-text';
export type { StatsFormat } from './stats-line';
export {
  bookedIntervalTokens,
  type IntervalTokenUsage,
  type IntervalUsageOptions,
  intervalUsageForStats,
  nominalIntervalSeconds,
  statsToIntervalUsage,
  statsToUtilizationSample,
  statsWindowSeconds,
  type UtilizationSample,
  utilizationSamples,
} from './stats-to-usage';
export { parseVllmLog, parseVllmRecord, VllmLogStreamParser } from './vllm-log-parser';
export type {
  AccessRecord,
  LogLevel,
  OtherRecord,
  PrefixCacheRecord,
  RequestFinishedRecord,
  RequestRecord,
  StartupRecord,
  StatsRecord,
  VllmLogParseOptions,
  VllmLogRecord,
  VllmLogRecordKind,
} from './vllm-log-record';
export {
  parseVllmMetrics,
  type VllmCounterDeltas,
  type VllmMetricsOptions,
  type VllmMetricsSnapshot,
  vllmCounterDeltas,
  vllmMetricsSnapshot,
} from './vllm-metrics';
