import { MaxLength } from '@ashar/errors';
import { Args, ArgsType, Field, Int, Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentUser, type AuthUser } from '@ashar/accounts';
import type { Locale } from '@ashar/i18n';
import { PageArgs, RequestLocale } from '@ashar/transport';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { ComparableCaseStudy, SearchFilter, SearchResult } from './dto/search.models';
import { SearchService } from './search.service';

@ArgsType()
class ComparableArgs {
  @Field()
  @IsString()
  @MaxLength(200)
  slug: string;

  @Field(() => Int, { defaultValue: 5 })
  @IsInt()
  @Min(1)
  @Max(20)
  first = 5;
}

@Resolver()
export class SearchResolver {
  constructor(private readonly searchService: SearchService) {}

  @Allow('GUEST')
  @Query(() => SearchResult, {
    description:
      'Search published case studies, their lessons and public workshop materials; an empty query browses, newest first.',
  })
  search(
    @Args('query', {
      type: () => String,
      description: 'Words, "phrases", -excluded, OR; the last word is a prefix.',
    })
    query: string,
    @Args('filter', { type: () => SearchFilter, nullable: true }) filter: SearchFilter,
    @Args() page: PageArgs,
    @RequestLocale() locale: Locale,
  ): Promise<SearchResult> {
    return this.searchService.search(query, filter, page.first, page.after, locale);
  }

  @Allow('GUEST')
  @Query(() => [ComparableCaseStudy], {
    description: 'Published case studies most like this one, most comparable first.',
  })
  comparableCaseStudies(
    @CurrentUser() user: AuthUser | undefined,
    @Args() args: ComparableArgs,
    @RequestLocale() locale: Locale,
  ): Promise<ComparableCaseStudy[]> {
    return this.searchService.comparable(user, args.slug, args.first, locale);
  }
}
