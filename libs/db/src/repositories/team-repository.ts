import { Injectable } from '@nestjs/common';
import type { PrivacyLevel } from '@tokenmeter/finops';
import { PrismaService } from '../client/prisma.service';

export interface TeamProfile {
  slug: string;
  name: string;
  privacyCritical?: boolean;
  latencyUnder100ms?: boolean;
  extensiveCustomization?: boolean;
  privacy?: PrivacyLevel;
}

/** What finops may change of a team's decision profile; omitted fields keep their value. */
export interface TeamDecisionProfilePatch {
  privacy?: PrivacyLevel;
  customization?: boolean;
  latencySensitive?: boolean;
}

/** privacyCritical is the older yes/no reading of the privacy level; both are written together. */
const isCritical = (p: PrivacyLevel) => p === 'critical' || p === 'must-not-leave';

@Injectable()
export class TeamRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Creates the team or updates its profile; the slug is the stable handle. */
  upsert(team: TeamProfile) {
    const { slug, ...given } = team;
    const privacy = given.privacy ?? (given.privacyCritical ? 'critical' : 'none');
    const profile = { ...given, privacy, privacyCritical: isCritical(privacy) };
    return this.prisma.team.upsert({ where: { slug }, create: { slug, ...profile }, update: profile });
  }

  list() {
    return this.prisma.team.findMany({ orderBy: { slug: 'asc' } });
  }

  findBySlug(slug: string) {
    return this.prisma.team.findUnique({ where: { slug } });
  }

  /** Changes the decision profile of an existing team (null when there is none), recording who did. */
  async setDecisionProfile(slug: string, patch: TeamDecisionProfilePatch, setBy: string) {
    const team = await this.findBySlug(slug);
    if (!team) return null;
    return this.prisma.team.update({
      where: { slug },
      data: {
        ...(patch.privacy === undefined ? {} : { privacy: patch.privacy, privacyCritical: isCritical(patch.privacy) }),
        ...(patch.customization === undefined ? {} : { extensiveCustomization: patch.customization }),
        ...(patch.latencySensitive === undefined ? {} : { latencyUnder100ms: patch.latencySensitive }),
        profileSetBy: setBy.slice(0, 128),
        profileSetAt: new Date(),
      },
    });
  }

  /** Each team's decision profile (privacy level, latency, customization), by slug. */
  async decisionProfiles(): Promise<Map<string, Required<Omit<TeamProfile, 'slug' | 'name'>>>> {
    const teams = await this.prisma.team.findMany();
    return new Map(
      teams.map((t) => [
        t.slug,
        {
          privacyCritical: t.privacyCritical,
          latencyUnder100ms: t.latencyUnder100ms,
          extensiveCustomization: t.extensiveCustomization,
          privacy: t.privacy as PrivacyLevel,
        },
      ]),
    );
  }
}
