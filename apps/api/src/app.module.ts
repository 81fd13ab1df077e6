import { type DynamicModule, Module } from '@nestjs/common';
import { AccountsModule } from '@ashar/accounts';
import { ConfigModule, type AppConfig } from '@ashar/config';
import { DatabaseModule } from '@ashar/database';
import { DiscussionsModule } from '@ashar/discussions';
import { EventsModule } from '@ashar/events';
import { KnowledgeModule } from '@ashar/knowledge';
import { MailModule } from '@ashar/mail';
import { MaterialSearchSource, MaterialsModule } from '@ashar/materials';
import { NetworkModule } from '@ashar/network';
import { SearchModule } from '@ashar/search';
import { GraphqlApiModule } from '@ashar/transport';
import type { Logger } from 'pino';
import { DemoContentModule } from './demo/demo-content.module';
import { HealthController } from './health/health.controller';
import { WorkMetrics } from './health/work-metrics';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  logger?: Logger;
}

/** The composition root: wires the domain libraries; holds no domain logic. */
@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, logger }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot({ url: databaseUrl, runMigrations: config.runMigrations }),
        GraphqlApiModule.forRoot({ logger }),
        AccountsModule,
        NetworkModule,
        KnowledgeModule,
        SearchModule.forRoot({ imports: [MaterialsModule], sources: [MaterialSearchSource] }),
        DiscussionsModule,
        EventsModule,
        MaterialsModule,
        MailModule,
        ...(config.demoContent ? [DemoContentModule] : []),
      ],
      controllers: [HealthController],
      providers: [WorkMetrics],
    };
  }
}
