import { Module, type DynamicModule, type ModuleMetadata, type Type } from '@nestjs/common';
import { AccountsModule } from '@ashar/accounts';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import { KnowledgeModule } from '@ashar/knowledge';
import { NetworkModule } from '@ashar/network';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { CaseStudySearchSource } from './case-study.search-source';
import { MeilisearchSearchEngine } from './meilisearch/meilisearch-search.engine';
import { PostgresSearchEngine } from './postgres/postgres-search.engine';
import { SEARCH_SOURCES, type SearchSource } from './search-document';
import { SEARCH_ENGINE } from './search-engine';
import { SearchIndexer } from './search-indexer';
import { SearchResolver } from './search.resolver';
import { SearchService } from './search.service';

/** Search sources that other domains contribute: search itself may not depend on those domains. */
export interface SearchSourcesOptions {
  /** Modules that export the sources. */
  imports: NonNullable<ModuleMetadata['imports']>;
  sources: Type<SearchSource>[];
}

/**
 * Search over case studies and lessons, plus whatever sources the composition root adds (the API
 * adds workshop materials): `SearchModule.forRoot({ imports: [MaterialsModule], sources: [MaterialSearchSource] })`.
 */
@Module({})
export class SearchModule {
  static forRoot(options: SearchSourcesOptions = { imports: [], sources: [] }): DynamicModule {
    return {
      module: SearchModule,
      imports: [AccountsModule, NetworkModule, KnowledgeModule, ...options.imports],
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
              : new PostgresSearchEngine(db, config.search),
        },
        CaseStudySearchSource,
        {
          provide: SEARCH_SOURCES,
          inject: [CaseStudySearchSource, ...options.sources],
          useFactory: (...sources: SearchSource[]) => sources,
        },
        SearchIndexer,
        SearchService,
        SearchResolver,
      ],
      exports: [SearchService, SearchIndexer, SEARCH_ENGINE],
    };
  }
}
