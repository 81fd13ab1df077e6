import { MaxLength } from '@ashar/errors';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CaseStudyModel } from '@ashar/knowledge';
import { PageInfo } from '@ashar/transport';
import { LOCALES, type Locale } from '@ashar/i18n';
import {
  ArrayMaxSize,
  IsEnum,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  Max,
  Min,
} from 'class-validator';

export enum SearchHitType {
  CASE_STUDY = 'CASE_STUDY',
  LESSON = 'LESSON',
  MATERIAL = 'MATERIAL',
}
registerEnumType(SearchHitType, { name: 'SearchHitType' });

export enum ComparisonReasonKind {
  SHARED_THEMES = 'SHARED_THEMES',
  SAME_COUNTRY = 'SAME_COUNTRY',
  SAME_REGION = 'SAME_REGION',
  SIMILAR_SCALE = 'SIMILAR_SCALE',
  SIMILAR_TEXT = 'SIMILAR_TEXT',
}
registerEnumType(ComparisonReasonKind, { name: 'ComparisonReasonKind' });

@InputType()
export class SearchFilter {
  @Field(() => [SearchHitType], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(3)
  @IsEnum(SearchHitType, { each: true })
  types?: SearchHitType[];

  @Field(() => [String], { nullable: true, description: 'Theme keys; a document with any of them matches.' })
  @IsOptional()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  themes?: string[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsISO31661Alpha2({ each: true })
  countries?: string[];

  @Field(() => [String], { nullable: true, description: 'Documents available in any of these languages.' })
  @IsOptional()
  @ArrayMaxSize(4)
  @IsIn(LOCALES, { each: true })
  locales?: Locale[];

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2100)
  yearFrom?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2100)
  yearTo?: number;
}

@ObjectType()
export class SearchHit {
  @Field(() => SearchHitType)
  type: SearchHitType;

  @Field(() => ID)
  id: string;

  @Field({
    description:
      'Where to link: the case study’s slug (for a lesson, its case study’s); for a material, its id.',
  })
  slug: string;

  @Field()
  title: string;

  @Field({ description: 'A short excerpt, HTML-escaped, with matched words inside <mark>…</mark>.' })
  snippet: string;

  @Field({ description: 'The language of title and snippet.' })
  locale: string;

  @Field(() => Float)
  score: number;
}

@ObjectType()
export class ThemeFacet {
  @Field() key: string;
  @Field() label: string;
  @Field(() => Int) count: number;
}

@ObjectType()
export class CountryFacet {
  @Field() code: string;
  @Field() name: string;
  @Field(() => Int) count: number;
}

@ObjectType()
export class TypeFacet {
  @Field(() => SearchHitType) type: SearchHitType;
  @Field(() => Int) count: number;
}

@ObjectType()
export class LocaleFacet {
  @Field() locale: string;
  @Field(() => Int) count: number;
}

@ObjectType()
export class SearchFacets {
  @Field(() => [ThemeFacet]) themes: ThemeFacet[];
  @Field(() => [CountryFacet]) countries: CountryFacet[];
  @Field(() => [TypeFacet]) types: TypeFacet[];
  @Field(() => [LocaleFacet]) locales: LocaleFacet[];
}

@ObjectType()
export class SearchResult {
  @Field(() => Int)
  totalCount: number;

  @Field({
    description:
      'False when counting stopped at the engine’s limit (1,000 hits): there are at least `totalCount` hits, and hits and facets come from those read (title hits first).',
  })
  totalCountExact: boolean;

  @Field(() => [SearchHit])
  hits: SearchHit[];

  @Field(() => SearchFacets, {
    description: 'Counts over the query and every filter except the facet’s own.',
  })
  facets: SearchFacets;

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}

@ObjectType()
export class ComparisonReason {
  @Field(() => ComparisonReasonKind)
  kind: ComparisonReasonKind;

  @Field({ description: "Why, in the request's language." })
  label: string;
}

@ObjectType()
export class ComparableCaseStudy {
  @Field(() => CaseStudyModel)
  caseStudy: CaseStudyModel;

  @Field(() => Float, { description: 'Between 0 and 1; higher is more comparable.' })
  score: number;

  @Field(() => [ComparisonReason])
  reasons: ComparisonReason[];
}
