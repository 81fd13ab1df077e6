import { AppError } from '@ashar/errors';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, CurrentUser, Role, type AuthUser } from '@ashar/accounts';
import type { Locale } from '@ashar/i18n';
import { CountryModel } from '@ashar/network';
import { IdPipe, PageArgs, RequestLocale, type GraphqlContext } from '@ashar/transport';
import { GraphQLJSON } from 'graphql-type-json';
import { CaseStudyService } from './case-study.service';
import {
  CaseStudyFilter,
  CaseStudyTranslationInput,
  CreateCaseStudyInput,
  ResultIndicatorInput,
  TextTranslationInput,
  UpdateCaseStudyInput,
} from './dto/knowledge.inputs';
import {
  CaseStudyConnection,
  CaseStudyModel,
  CaseStudyOrganisationModel,
  CaseStudyPermissionsModel,
  ImportReportModel,
  LessonModel,
  ResultIndicatorModel,
  ThemeModel,
  TranslationTaskModel,
} from './dto/knowledge.models';
import { CaseStudyImportService } from './import/case-study-import.service';
import { CaseStudyStatus } from './knowledge.enums';
import { loadersFor } from './knowledge.loaders';

/** The most failed records, and problems of one record, an import's answer lists. */
const REPORTED_FAILURES = 1000;
const REPORTED_PROBLEMS = 50;

@Resolver(() => CaseStudyModel)
export class CaseStudyResolver {
  constructor(
    private readonly service: CaseStudyService,
    private readonly importer: CaseStudyImportService,
  ) {}

  @Allow('GUEST')
  @Query(() => [ThemeModel], { description: 'The theme taxonomy, labelled in the request language.' })
  themes(@RequestLocale() locale: Locale) {
    return this.service.themes(locale);
  }

  @Allow('GUEST')
  @Query(() => CaseStudyModel, { description: 'Guests see published case studies only.' })
  caseStudy(
    @Args('slug') slug: string,
    @CurrentUser() user: AuthUser | undefined,
    @RequestLocale() locale: Locale,
  ) {
    return this.service.caseStudyBySlug(user, slug, locale);
  }

  @Allow('GUEST')
  @Query(() => CaseStudyConnection)
  caseStudies(
    @Args() page: PageArgs,
    // Typed as the class, not `| undefined` (whose metadata is Object), so the validation pipe checks it.
    @Args('filter', { type: () => CaseStudyFilter, nullable: true })
    filter: CaseStudyFilter = new CaseStudyFilter(),
    @CurrentUser() user: AuthUser | undefined,
    @RequestLocale() locale: Locale,
  ) {
    return this.service.caseStudies(user, filter, page.first, page.after, locale);
  }

  @Allow(Role.ADMIN, Role.STEERING_GROUP, Role.NATIONAL_COORDINATOR)
  @Query(() => [TranslationTaskModel], {
    description: 'Texts missing or outdated in a language, in the countries the caller coordinates.',
  })
  translationTasks(
    @CurrentUser() user: AuthUser,
    @Args('countries', { type: () => [String], nullable: true }) countries: string[] | undefined,
    @Args('first', { type: () => Int, defaultValue: 100 }) first: number,
  ) {
    if (first < 1) throw AppError.badInput([{ path: 'first', code: 'min', params: { min: 1 } }]);
    if (first > 500) throw AppError.badInput([{ path: 'first', code: 'max', params: { max: 500 } }]);
    return this.service.translationTasks(user, countries, first);
  }

  @Allow('USER')
  @Mutation(() => CaseStudyModel, { description: 'A new draft.' })
  createCaseStudy(
    @CurrentUser() user: AuthUser,
    @Args('input') input: CreateCaseStudyInput,
    @RequestLocale() locale: Locale,
  ) {
    return this.service.create(user, input, locale);
  }

  @Allow('USER')
  @Mutation(() => CaseStudyModel)
  updateCaseStudy(
    @CurrentUser() user: AuthUser,
    @Args('id', { type: () => ID }, IdPipe) id: string,
    @Args('input') input: UpdateCaseStudyInput,
    @RequestLocale() locale: Locale,
  ) {
    return this.service.update(user, id, input, locale);
  }

  @Allow('USER')
  @Mutation(() => CaseStudyModel, { description: 'Adds or replaces the text in one language.' })
  translateCaseStudy(
    @CurrentUser() user: AuthUser,
    @Args('id', { type: () => ID }, IdPipe) id: string,
    @Args('input') input: CaseStudyTranslationInput,
    @RequestLocale() locale: Locale,
  ) {
    return this.service.translate(user, id, input, locale);
  }

  @Allow(Role.ADMIN, Role.STEERING_GROUP, Role.NATIONAL_COORDINATOR)
  @Mutation(() => CaseStudyModel)
  publishCaseStudy(
    @CurrentUser() user: AuthUser,
    @Args('id', { type: () => ID }, IdPipe) id: string,
    @RequestLocale() locale: Locale,
  ) {
    return this.service.setStatus(user, id, CaseStudyStatus.PUBLISHED, locale);
  }

  @Allow(Role.ADMIN, Role.STEERING_GROUP, Role.NATIONAL_COORDINATOR)
  @Mutation(() => CaseStudyModel)
  archiveCaseStudy(
    @CurrentUser() user: AuthUser,
    @Args('id', { type: () => ID }, IdPipe) id: string,
    @RequestLocale() locale: Locale,
  ) {
    return this.service.setStatus(user, id, CaseStudyStatus.ARCHIVED, locale);
  }

  @Allow('USER')
  @Mutation(() => ResultIndicatorModel)
  addResultIndicator(
    @CurrentUser() user: AuthUser,
    @Args('caseStudyId', { type: () => ID }, IdPipe) caseStudyId: string,
    @Args('input') input: ResultIndicatorInput,
    @RequestLocale() locale: Locale,
  ) {
    return this.service.addResult(user, caseStudyId, input, locale);
  }

  @Allow('USER')
  @Mutation(() => ResultIndicatorModel, { description: 'Adds or replaces the label in one language.' })
  translateResultIndicator(
    @CurrentUser() user: AuthUser,
    @Args('id', { type: () => ID }, IdPipe) id: string,
    @Args('input') input: TextTranslationInput,
    @RequestLocale() locale: Locale,
  ) {
    return this.service.translateResult(user, id, input, locale);
  }

  @Allow('USER')
  @Mutation(() => Boolean)
  removeResultIndicator(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }, IdPipe) id: string) {
    return this.service.removeResult(user, id);
  }

  @Allow(Role.ADMIN, Role.STEERING_GROUP, Role.NATIONAL_COORDINATOR)
  @Mutation(() => ImportReportModel, {
    description:
      'Imports `{ "caseStudies": [...] }` (docs/import-format.md); idempotent by slug. National ' +
      'coordinators import within their countries. `dryRun` checks everything and writes nothing.',
  })
  async importCaseStudies(
    @CurrentUser() user: AuthUser,
    @Args('document', { type: () => GraphQLJSON }) document: unknown,
    @Args('dryRun', { type: () => Boolean, defaultValue: false }) dryRun: boolean,
    @RequestLocale() locale: Locale,
  ) {
    const report = await this.importer.importAs(user, document, { locale, dryRun });
    // A file of many broken records must not come back as a report many times its size.
    return {
      ...report,
      failedCount: report.failed.length,
      failed: report.failed.slice(0, REPORTED_FAILURES).map((failure) => ({
        ...failure,
        errors: failure.errors.slice(0, REPORTED_PROBLEMS),
      })),
    };
  }

  @ResolveField(() => [CountryModel])
  countries(@Parent() cs: CaseStudyModel, @RequestLocale() locale: Locale) {
    return this.service.countries(cs.countryCodes, locale);
  }

  @ResolveField('themes', () => [ThemeModel])
  caseStudyThemes(@Parent() cs: CaseStudyModel, @RequestLocale() locale: Locale) {
    return this.service.themeLabels(cs.themeKeys, locale);
  }

  @ResolveField(() => [CaseStudyOrganisationModel])
  organisations(
    @Parent() cs: CaseStudyModel,
    @Context() ctx: GraphqlContext,
    @RequestLocale() locale: Locale,
  ) {
    return loadersFor(ctx.req, this.service, locale).organisations.load(cs.id);
  }

  @ResolveField(() => CaseStudyPermissionsModel, {
    description: 'What the caller may do with it, by the same rules the mutations apply.',
  })
  viewerCan(@Parent() cs: CaseStudyModel, @CurrentUser() user: AuthUser | undefined) {
    return this.service.permissionsOf(user, cs);
  }

  @ResolveField(() => [ResultIndicatorModel])
  results(@Parent() cs: CaseStudyModel, @Context() ctx: GraphqlContext, @RequestLocale() locale: Locale) {
    return loadersFor(ctx.req, this.service, locale).results.load(cs.id);
  }

  @ResolveField(() => [LessonModel])
  lessons(@Parent() cs: CaseStudyModel, @Context() ctx: GraphqlContext, @RequestLocale() locale: Locale) {
    return loadersFor(ctx.req, this.service, locale).lessons.load(cs.id);
  }
}
