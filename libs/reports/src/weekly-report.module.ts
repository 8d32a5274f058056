import { Module } from '@nestjs/common';
import { DbModule } from '@tokenmeter/db';
import { WeeklyReportBuilder } from './weekly-report-builder';

/** The report builder for whoever needs it: the worker's job, the API's pages and the CLI. */
@Module({ imports: [DbModule], providers: [WeeklyReportBuilder], exports: [WeeklyReportBuilder] })
export class WeeklyReportModule {}
