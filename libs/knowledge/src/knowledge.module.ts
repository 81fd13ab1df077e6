import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@ashar/accounts';
import { NetworkModule } from '@ashar/network';
import { CaseStudyResolver } from './case-study.resolver';
import { CaseStudyExport } from './case-study-export';
import { CaseStudyService } from './case-study.service';
import { CaseStudyStatusListeners } from './case-study-status';
import { CaseStudyImportService } from './import/case-study-import.service';
import { CaseStudyWriter } from './import/case-study-writer';
import { KNOWLEDGE_ENTITIES } from './knowledge.entities';
import { LessonResolver } from './lesson.resolver';

@Module({
  imports: [AccountsModule, NetworkModule, TypeOrmModule.forFeature(KNOWLEDGE_ENTITIES)],
  providers: [
    CaseStudyExport,
    CaseStudyService,
    CaseStudyStatusListeners,
    CaseStudyWriter,
    CaseStudyImportService,
    CaseStudyResolver,
    LessonResolver,
  ],
  exports: [CaseStudyExport, CaseStudyService, CaseStudyImportService, CaseStudyStatusListeners],
})
export class KnowledgeModule {}
