import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, CurrentUser, type AuthUser } from '@ashar/accounts';
import type { Locale } from '@ashar/i18n';
import { IdPipe, PageArgs, RequestLocale, type GraphqlContext } from '@ashar/transport';
import { CaseStudyService } from './case-study.service';
import { LessonFilter, LessonInput, TextTranslationInput } from './dto/knowledge.inputs';
import { CaseStudyModel, LessonConnection, LessonModel, ThemeModel } from './dto/knowledge.models';
import { loadersFor } from './knowledge.loaders';

@Resolver(() => LessonModel)
export class LessonResolver {
  constructor(private readonly caseStudies: CaseStudyService) {}

  @Allow('GUEST')
  @Query(() => LessonConnection, {
    description: 'Lessons learned, on their own; guests see those of published case studies.',
  })
  lessons(
    @Args() page: PageArgs,
    // Typed as the class, not `| undefined` (whose metadata is Object), so the validation pipe checks it.
    @Args('filter', { type: () => LessonFilter, nullable: true }) filter: LessonFilter = new LessonFilter(),
    @CurrentUser() user: AuthUser | undefined,
    @RequestLocale() locale: Locale,
  ) {
    return this.caseStudies.lessons(user, filter, page.first, page.after, locale);
  }

  @Allow('USER')
  @Mutation(() => LessonModel)
  addLesson(
    @CurrentUser() user: AuthUser,
    @Args('caseStudyId', { type: () => ID }, IdPipe) caseStudyId: string,
    @Args('input') input: LessonInput,
    @RequestLocale() locale: Locale,
  ) {
    return this.caseStudies.addLesson(user, caseStudyId, input, locale);
  }

  @Allow('USER')
  @Mutation(() => LessonModel, { description: 'Adds or replaces the text in one language.' })
  translateLesson(
    @CurrentUser() user: AuthUser,
    @Args('id', { type: () => ID }, IdPipe) id: string,
    @Args('input') input: TextTranslationInput,
    @RequestLocale() locale: Locale,
  ) {
    return this.caseStudies.translateLesson(user, id, input, locale);
  }

  @Allow('USER')
  @Mutation(() => Boolean)
  removeLesson(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }, IdPipe) id: string) {
    return this.caseStudies.removeLesson(user, id);
  }

  @ResolveField(() => [ThemeModel])
  themes(@Parent() lesson: LessonModel, @RequestLocale() locale: Locale) {
    return this.caseStudies.themeLabels(lesson.themeKeys, locale);
  }

  @ResolveField(() => CaseStudyModel, {
    nullable: true,
    description: 'The case study the lesson was learned in.',
  })
  caseStudy(@Parent() lesson: LessonModel, @Context() ctx: GraphqlContext, @RequestLocale() locale: Locale) {
    return lesson.caseStudyId
      ? loadersFor(ctx.req, this.caseStudies, locale).caseStudies.load(lesson.caseStudyId)
      : null;
  }
}
