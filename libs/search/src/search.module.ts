import { Module } from '@nestjs/common';
import { AccountsModule } from '@ashar/accounts';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import { KnowledgeModule } from '@ashar/knowledge';
import { NetworkModule } from '@ashar/network';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { CaseStudySearchSource } from './case-study.search-source';
import { MeilisearchSearchEngine } from './meilisearch/meilisearch-search.engine';
import { PostgresSearchEngine } from './postgres/postgres-search.engine';
import { SEARCH_SOURCES } from './search-document';
import { SEARCH_ENGINE } from './search-engine';
import { SearchIndexer } from './search-indexer';
import { SearchResolver } from './search.resolver';
import { SearchService } from './search.service';

@Module({
  imports: [AccountsModule, NetworkModule, KnowledgeModule],
  providers: [
    {
      provide: SEARCH_ENGINE,
      inject: [APP_CONFIG, getDataSourceToken()],
      useFactory: (config: AppConfig, db: DataSource) =>
        config.search.engine === 'meilisearch'
          ? new MeilisearchSearchEngine(
              config.search.meiliHost as string,
              config.search.meiliApiKey,
              config.search.meiliIndex,
            )
          : new PostgresSearchEngine(db),
    },
    CaseStudySearchSource,
    {
      provide: SEARCH_SOURCES,
      inject: [CaseStudySearchSource],
      useFactory: (...sources: CaseStudySearchSource[]) => sources,
    },
    SearchIndexer,
    SearchService,
    SearchResolver,
  ],
  exports: [SearchService, SearchIndexer, SEARCH_ENGINE],
})
export class SearchModule {}
