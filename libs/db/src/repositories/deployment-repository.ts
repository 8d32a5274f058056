// Self-hosted deployments (table deployments), through Prisma's model API. Decimals leave as
// strings, as they are stored, so money never passes through a float here.
import { Injectable } from '@nestjs/common';
import {
  DEPLOYMENT_PRECISIONS,
  type DeploymentPrecision,
  type DeploymentSpec,
  isServingEngine,
  type ServingEngine,
} from '@tokenmeter/contracts';
import { PrismaService } from '../client/prisma.service';
import type { Deployment } from '../generated/prisma/client';

export interface StoredDeployment {
  name: string;
  team: string;
  servedModel: string;
  /** Which parser reads its lines on the self-hosted logs topic. */
  engine: ServingEngine;
  gpuType: string;
  gpuCount: number;
  gpuUnitPriceUsd: string;
  otherCapexUsd: string;
  gpuPowerWatts: number;
  pue: string;
  electricityUsdPerKwh: string;
  hostingUsdPerMonth: string;
  personnelUsdPerMonth: string;
  maintenanceUsdPerMonth: string;
  amortizationMonths: number;
  ratedThroughputTokensPerSec: string | null;
  /** null: not registered. */
  precision: DeploymentPrecision | null;
  /** Sequences served at once; null: not registered. */
  concurrency: number | null;
  logStatsIntervalSec: string;
  vllmMetricsUrl: string | null;
  dcgmMetricsUrl: string | null;
  kubernetesLabels: Record<string, string>;
  inServiceSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

function labelsOf(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

function toStored(row: Deployment): StoredDeployment {
  return {
    name: row.name,
    team: row.team,
    servedModel: row.servedModel,
    // Only the spec writes the column; a value a newer release added reads as vLLM, the default.
    engine: isServingEngine(row.engine) ? row.engine : 'vllm',
    gpuType: row.gpuType,
    gpuCount: row.gpuCount,
    gpuUnitPriceUsd: row.gpuUnitPriceUsd.toString(),
    otherCapexUsd: row.otherCapexUsd.toString(),
    gpuPowerWatts: row.gpuPowerWatts,
    pue: row.pue.toString(),
    electricityUsdPerKwh: row.electricityUsdPerKwh.toString(),
    hostingUsdPerMonth: row.hostingUsdPerMonth.toString(),
    personnelUsdPerMonth: row.personnelUsdPerMonth.toString(),
    maintenanceUsdPerMonth: row.maintenanceUsdPerMonth.toString(),
    amortizationMonths: row.amortizationMonths,
    ratedThroughputTokensPerSec: row.ratedThroughputTokensPerSec?.toString() ?? null,
    precision: (DEPLOYMENT_PRECISIONS as readonly string[]).includes(row.precision ?? '')
      ? (row.precision as DeploymentPrecision)
      : null,
    concurrency: row.concurrency,
    logStatsIntervalSec: row.logStatsIntervalSec.toString(),
    vllmMetricsUrl: row.vllmMetricsUrl,
    dcgmMetricsUrl: row.dcgmMetricsUrl,
    kubernetesLabels: labelsOf(row.kubernetesLabels),
    inServiceSince: row.inServiceSince,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

@Injectable()
export class DeploymentRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** All deployments, or one team's, by name. */
  async list(team?: string): Promise<StoredDeployment[]> {
    const rows = await this.prisma.deployment.findMany({
      where: team === undefined ? {} : { team },
      orderBy: { name: 'asc' },
    });
    return rows.map(toStored);
  }

  async find(name: string): Promise<StoredDeployment | null> {
    const row = await this.prisma.deployment.findUnique({ where: { name } });
    return row ? toStored(row) : null;
  }

  /** Deployments with at least one metrics endpoint, for the scraper. */
  async listScrapeTargets(): Promise<StoredDeployment[]> {
    const rows = await this.prisma.deployment.findMany({
      where: { OR: [{ vllmMetricsUrl: { not: null } }, { dcgmMetricsUrl: { not: null } }] },
      orderBy: { name: 'asc' },
    });
    return rows.map(toStored);
  }

  /** Creates the deployment or replaces its description (PUT semantics); `created` tells which. */
  async upsert(name: string, spec: DeploymentSpec): Promise<{ deployment: StoredDeployment; created: boolean }> {
    const data = { ...spec, name };
    const existing = await this.prisma.deployment.findUnique({ where: { name }, select: { id: true } });
    const row = await this.prisma.deployment.upsert({ where: { name }, create: data, update: data });
    return { deployment: toStored(row), created: existing === null };
  }

  /** True when a deployment was deleted. Its samples and usage stay: they are history. */
  async delete(name: string): Promise<boolean> {
    const result = await this.prisma.deployment.deleteMany({ where: { name } });
    return result.count === 1;
  }

  /** The owning team of each named deployment that exists (one query for a whole batch). */
  async teamsOf(names: readonly string[]): Promise<Map<string, string>> {
    if (names.length === 0) return new Map();
    const rows = await this.prisma.deployment.findMany({
      where: { name: { in: [...new Set(names)] } },
      select: { name: true, team: true },
    });
    return new Map(rows.map((row) => [row.name, row.team]));
  }

  /** The owning team of every deployment (the ingest consumer's check of directly produced records). */
  async owners(): Promise<Map<string, string>> {
    const rows = await this.prisma.deployment.findMany({ select: { name: true, team: true } });
    return new Map(rows.map((row) => [row.name, row.team]));
  }

  async teamExists(slug: string): Promise<boolean> {
    // Not `count()`: DatabasePool's process-wide BIGINT parser hands Prisma's adapter a bigint it refuses.
    return (await this.prisma.team.findUnique({ where: { slug }, select: { id: true } })) !== null;
  }
}
