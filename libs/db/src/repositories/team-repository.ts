import { Injectable } from '@nestjs/common';
import { PrismaService } from '../client/prisma.service';

export interface TeamProfile {
  slug: string;
  name: string;
  privacyCritical?: boolean;
  latencyUnder100ms?: boolean;
  extensiveCustomization?: boolean;
}

@Injectable()
export class TeamRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Creates the team or updates its profile; the slug is the stable handle. */
  upsert(team: TeamProfile) {
    const { slug, ...profile } = team;
    return this.prisma.team.upsert({ where: { slug }, create: team, update: profile });
  }

  list() {
    return this.prisma.team.findMany({ orderBy: { slug: 'asc' } });
  }

  /** Each team's decision profile (privacy, latency, customization), by slug. */
  async decisionProfiles(): Promise<Map<string, Required<Omit<TeamProfile, 'slug' | 'name'>>>> {
    const teams = await this.prisma.team.findMany();
    return new Map(
      teams.map((t) => [
        t.slug,
        {
          privacyCritical: t.privacyCritical,
          latencyUnder100ms: t.latencyUnder100ms,
          extensiveCustomization: t.extensiveCustomization,
        },
      ]),
    );
  }
}
