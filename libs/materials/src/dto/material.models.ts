import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '@ashar/transport';
import { MaterialKind, MaterialStatus, MaterialVisibility } from '../material-kind';

@ObjectType('MaterialFile')
export class MaterialFileModel {
  @Field(() => ID)
  id: string;

  @Field({ description: 'The language of this variant.' })
  locale: string;

  @Field(() => Int)
  version: number;

  @Field(() => Float, { description: 'Bytes.' })
  size: number;

  @Field()
  sha256: string;

  @Field({ description: 'Found from the content at upload, not taken from the client.' })
  contentType: string;

  @Field()
  filename: string;

  @Field()
  createdAt: Date;

  @Field({ description: 'Path to GET this exact version (supports Range).' })
  downloadUrl: string;
}

@ObjectType('ServedMaterialFile', {
  description: 'The file served for a requested language; `fallback` when it is another language.',
})
export class ServedMaterialFileModel {
  @Field()
  requestedLocale: string;

  @Field({ description: 'The language of the file served.' })
  locale: string;

  @Field()
  fallback: boolean;

  @Field(() => MaterialFileModel)
  file: MaterialFileModel;
}

@ObjectType('MaterialPermissions', {
  description: 'What the caller may do with a material now; all false for guests.',
})
export class MaterialPermissionsModel {
  @Field({ description: 'Edit it, translate it, upload files and delete it.' })
  edit: boolean;

  @Field({
    description: 'Publish it (managers of its countries; false when it is already published).',
  })
  publish: boolean;
}

@ObjectType('Material')
export class MaterialModel {
  @Field(() => ID)
  id: string;

  @Field(() => MaterialKind)
  kind: MaterialKind;

  @Field(() => MaterialStatus)
  status: MaterialStatus;

  @Field(() => MaterialVisibility)
  visibility: MaterialVisibility;

  @Field()
  title: string;

  @Field()
  description: string;

  @Field({ description: 'The language title and description are served in.' })
  locale: string;

  @Field()
  originalLocale: string;

  @Field(() => [String])
  availableLocales: string[];

  @Field(() => [String])
  countryCodes: string[];

  @Field(() => [String])
  themes: string[];

  @Field(() => [ID])
  eventIds: string[];

  @Field(() => [String])
  caseStudySlugs: string[];

  @Field(() => [ID])
  roomIds: string[];

  @Field(() => [MaterialFileModel], {
    description: 'Every version of every language, newest first per language.',
  })
  files: MaterialFileModel[];

  @Field(() => [String], { description: 'Languages that have a file.' })
  fileLocales: string[];

  @Field(() => MaterialPermissionsModel, {
    description: 'What the caller may do with it now, by the same rules the mutations apply.',
  })
  viewerCan: MaterialPermissionsModel;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType()
export class MaterialConnection extends Connection(MaterialModel, 'Material') {}
