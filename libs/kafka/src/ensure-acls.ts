// Grants each TokenMeter principal what it needs on its topics, and nothing more (the broker runs
// StandardAuthorizer with allow.everyone.if.no.acl.found=false). Run with the admin's credentials by
// scripts/create-topics.ts (stack.sh, the compose `topics` service) and by tests for their prefix.
// Creating an ACL that exists is a no-op, so this is idempotent.

import { topicNames } from '@tokenmeter/contracts';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Admin, ResourcePatternTypes } from 'kafkajs';

/** The SCRAM users scripts/stack.sh makes (docker-compose and the Kubernetes manifests use the same names). */
export const KAFKA_PRINCIPALS = {
  /** The collector: writes usage.events. */
  api: 'tokenmeter-api',
  /** The only reader of usage.events and vllm.logs; writes their dead-letter topics. */
  ingest: 'tokenmeter-ingest',
  /** The planner: writes finops.alerts and finops.recommendations, reads the DLQs' offsets. */
  worker: 'tokenmeter-worker',
  /** A registered direct producer (the CLI's emit and demo); others are added with `stack.sh add-producer`. */
  producer: 'tokenmeter-producer',
} as const;

export interface EnsureAclsOptions {
  /** Topic prefix (TOPIC_PREFIX). */
  prefix?: string;
  /** The ingest consumer groups start with this (INGEST_GROUP_ID; the vllm.logs group adds "-vllm"). */
  ingestGroup?: string;
  /** Principals allowed to write usage.events and vllm.logs besides the collector. */
  producers?: string[];
}

type Grant = { topic: string; principal: string; operation: AclOperationTypes };

/** The ACLs TokenMeter's principals need on one prefix's topics. */
export function tokenmeterAcls(options: EnsureAclsOptions = {}) {
  const topics = topicNames(options.prefix ?? '');
  const producers = options.producers ?? [KAFKA_PRINCIPALS.producer];
  const { WRITE, READ, DESCRIBE } = AclOperationTypes;
  const grants: Grant[] = [
    ...[KAFKA_PRINCIPALS.api, ...producers].map((principal) => ({
      topic: topics.usageEvents,
      principal,
      operation: WRITE,
    })),
    ...producers.map((principal) => ({ topic: topics.vllmLogs, principal, operation: WRITE })),
    { topic: topics.usageEvents, principal: KAFKA_PRINCIPALS.ingest, operation: READ },
    { topic: topics.vllmLogs, principal: KAFKA_PRINCIPALS.ingest, operation: READ },
    { topic: topics.usageEventsDlq, principal: KAFKA_PRINCIPALS.ingest, operation: WRITE },
    { topic: topics.vllmLogsDlq, principal: KAFKA_PRINCIPALS.ingest, operation: WRITE },
    { topic: topics.finopsAlerts, principal: KAFKA_PRINCIPALS.worker, operation: WRITE },
    { topic: topics.finopsRecommendations, principal: KAFKA_PRINCIPALS.worker, operation: WRITE },
    // The alert step compares the DLQs' end offsets; reading their records is not needed.
    { topic: topics.usageEventsDlq, principal: KAFKA_PRINCIPALS.worker, operation: DESCRIBE },
    { topic: topics.vllmLogsDlq, principal: KAFKA_PRINCIPALS.worker, operation: DESCRIBE },
  ];
  const topicAcls = grants.map(({ topic, principal, operation }) => ({
    resourceType: AclResourceTypes.TOPIC,
    resourceName: topic,
    resourcePatternType: ResourcePatternTypes.LITERAL,
    principal: `User:${principal}`,
    host: '*',
    operation,
    permissionType: AclPermissionTypes.ALLOW,
  }));
  const groupAcl = {
    resourceType: AclResourceTypes.GROUP,
    resourceName: options.ingestGroup ?? 'tokenmeter-ingest',
    resourcePatternType: ResourcePatternTypes.PREFIXED,
    principal: `User:${KAFKA_PRINCIPALS.ingest}`,
    host: '*',
    operation: READ,
    permissionType: AclPermissionTypes.ALLOW,
  };
  return [...topicAcls, groupAcl];
}

export async function ensureAcls(admin: Admin, options: EnsureAclsOptions = {}): Promise<number> {
  const acl = tokenmeterAcls(options);
  await admin.createAcls({ acl });
  return acl.length;
}
