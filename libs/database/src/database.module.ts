import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertMigrated, runMigrationsLocked } from './migrate';
import { MIGRATIONS } from './migrations';

export interface DatabaseModuleOptions {
  url: string;
  runMigrations: boolean;
  poolSize?: number;
}

@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            type: 'postgres' as const,
            url: options.url,
            autoLoadEntities: true,
            synchronize: false,
            migrations: MIGRATIONS,
            logging: false,
            extra: { max: options.poolSize ?? 20, application_name: 'ashar' },
          }),
          dataSourceFactory: async (dataSourceOptions) => {
            const dataSource = await new DataSource(dataSourceOptions!).initialize();
            try {
              if (options.runMigrations) await runMigrationsLocked(dataSource);
              else await assertMigrated(dataSource);
            } catch (error) {
              await dataSource.destroy(); // a retry must not leave this pool behind
              throw error;
            }
            return dataSource;
          },
        }),
      ],
    };
  }
}
