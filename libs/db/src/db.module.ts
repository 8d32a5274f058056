import { Module } from '@nestjs/common';
import { ApiKeyRepository } from './api-key-repository';
import { DatabasePool } from './database-pool';
import { PartitionMaintainer } from './partition-maintainer';
import { PriceEntryRepository } from './price-entry-repository';
import { PrismaService } from './prisma.service';
import { TeamRepository } from './team-repository';
import { UsageRecordRepository } from './usage-record-repository';

@Module({
  providers: [PrismaService, DatabasePool, PartitionMaintainer, UsageRecordRepository, ApiKeyRepository, TeamRepository, PriceEntryRepository],
  exports: [PrismaService, DatabasePool, PartitionMaintainer, UsageRecordRepository, ApiKeyRepository, TeamRepository, PriceEntryRepository],
})
export class DbModule {}
