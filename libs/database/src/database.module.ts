import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
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
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: options.url,
          autoLoadEntities: true,
          synchronize: false,
          migrations: MIGRATIONS,
          migrationsRun: options.runMigrations,
          migrationsTransactionMode: 'each',
          logging: false,
          extra: { max: options.poolSize ?? 20, application_name: 'ashar' },
        }),
      ],
    };
  }
}
