import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@ashar/accounts';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import { DiscussionsModule } from '@ashar/discussions';
import { EventsModule } from '@ashar/events';
import { KnowledgeModule } from '@ashar/knowledge';
import { NetworkModule } from '@ashar/network';
import { MaterialFilesController } from './material-files.controller';
import { createMaterialStorage, MATERIAL_STORAGE } from './material-storage';
import { MaterialFileEntity, MaterialEntity, MaterialTranslationEntity } from './material.entities';
import { MaterialResolver } from './material.resolver';
import { MaterialSearchSource } from './material.search-source';
import { MaterialsService } from './material.service';

@Module({
  imports: [
    AccountsModule,
    NetworkModule,
    EventsModule,
    KnowledgeModule,
    DiscussionsModule,
    TypeOrmModule.forFeature([MaterialEntity, MaterialTranslationEntity, MaterialFileEntity]),
  ],
  controllers: [MaterialFilesController],
  providers: [
    MaterialsService,
    MaterialResolver,
    MaterialSearchSource,
    {
      provide: MATERIAL_STORAGE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createMaterialStorage(config),
    },
  ],
  exports: [MaterialsService, MATERIAL_STORAGE, MaterialSearchSource],
})
export class MaterialsModule {}
