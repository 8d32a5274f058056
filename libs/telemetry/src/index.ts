// @tokenmeter/telemetry: pure parsing of self-hosted telemetry (vLLM logs, vLLM /metrics, DCGM).
// No I/O and no clock: callers pass text, the year and times in.
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
export type { StatsFormat } from './stats-line';
export { parseVllmLog, parseVllmRecord, VllmLogStreamParser } from './vllm-log-parser';
export { stripLogPrefixes, type StrippedLine } from './log-prefix-stripper';
export { redactMessage } from './message-redactor';
export {
  intervalUsageForStats,
  nominalIntervalSeconds,
  statsToIntervalUsage,
  statsToUtilizationSample,
  statsWindowSeconds,
  utilizationSamples,
  type IntervalTokenUsage,
  type IntervalUsageOptions,
  type UtilizationSample,
} from './stats-to-usage';
export { parsePrometheusText, type PrometheusParseResult, type PrometheusSample } from './prometheus-text';
export { counterDelta, counterReadingDelta, seriesKey, type CounterReading } from './counter-delta';
export {
  parseVllmMetrics,
  vllmCounterDeltas,
  vllmMetricsSnapshot,
  type VllmCounterDeltas,
  type VllmMetricsOptions,
  type VllmMetricsSnapshot,
} from './vllm-metrics';
export {
  dcgmEnergyDelta,
  dcgmSnapshot,
  parseDcgmMetrics,
  type DcgmEnergyDelta,
  type DcgmGpuReading,
  type DcgmMigSlice,
  type DcgmSnapshot,
} from './dcgm-metrics';
export { SERVING_ENGINES, isServingEngine, type ServingEngine } from './engines/serving-engine';
export type {
  EngineLogRecord,
  EngineStatsRecord,
  RequestTokens,
  RequestUsageRecord,
  StatsCounts,
} from './engines/engine-log-record';
export {
  EngineLogStreamParser,
  parseEngineLine,
  parseEngineLog,
  type EngineLogParseOptions,
} from './engines/engine-log-parser';
export { engineTokenUsage, engineUtilizationSamples, type EngineTokenUsage } from './engines/engine-usage';
export { parseEngineMetrics } from './engines/engine-metrics';
export {
  engineCounterDeltas,
  type EngineCounterDeltas,
  type EngineMetricsSnapshot,
} from './engines/engine-metrics-snapshot';
