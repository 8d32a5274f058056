// webhook_endpoints: where alert transitions are posted (team null = every team).
import { Injectable } from '@nestjs/common';
import { DatabasePool } from '../client/database-pool';

export interface WebhookEndpointRow {
  id: string;
  team: string | null;
  url: string;
  secret: string;
  enabled: boolean;
}

@Injectable()
export class WebhookEndpointRepository {
  constructor(private readonly db: DatabasePool) {}

  async forTeam(team: string): Promise<WebhookEndpointRow[]> {
    const { rows } = await this.db.query<WebhookEndpointRow>(
      'SELECT id, team, url, secret, enabled FROM webhook_endpoints WHERE enabled AND (team IS NULL OR team = $1)',
      [team],
    );
    return rows;
  }

  async byId(id: string): Promise<WebhookEndpointRow | null> {
    const { rows } = await this.db.query<WebhookEndpointRow>(
      'SELECT id, team, url, secret, enabled FROM webhook_endpoints WHERE id = $1',
      [id],
    );
    return rows[0] ?? null;
  }

  async create(endpoint: Omit<WebhookEndpointRow, 'id' | 'enabled'>): Promise<string> {
    const { rows } = await this.db.query<{ id: string }>(
      'INSERT INTO webhook_endpoints (id, team, url, secret) VALUES (gen_random_uuid(), $1, $2, $3) RETURNING id',
      [endpoint.team, endpoint.url, endpoint.secret],
    );
    return rows[0].id;
  }
}
