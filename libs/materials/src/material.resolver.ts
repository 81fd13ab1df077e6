import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, CurrentUser, type AuthUser } from '@ashar/accounts';
import type { Locale } from '@ashar/i18n';
import { IdPipe, PageArgs, RequestLocale } from '@ashar/transport';
import {
  MaterialFilter,
  MaterialInput,
  MaterialTranslationInput,
  UpdateMaterialInput,
} from './dto/material.inputs';
import { MaterialConnection, MaterialModel, ServedMaterialFileModel } from './dto/material.models';
import { MATERIAL_STORAGE, type MaterialStorage } from './material-storage';
import { MaterialsService } from './material.service';

@Resolver(() => MaterialModel)
export class MaterialResolver {
  constructor(
    private readonly service: MaterialsService,
    @Inject(MATERIAL_STORAGE) private readonly storage: MaterialStorage,
  ) {}

  @Allow('GUEST')
  @Query(() => MaterialConnection, { description: 'Guests see published public materials.' })
  materials(
    @Args() page: PageArgs,
    // Typed as the class, not `| undefined` (whose metadata is Object), so the validation pipe checks it.
    @Args('filter', { type: () => MaterialFilter, nullable: true })
    filter: MaterialFilter = new MaterialFilter(),
    @CurrentUser() user: AuthUser | undefined,
    @RequestLocale() locale: Locale,
  ) {
    return this.service.list(user, filter, page.first, page.after, locale);
  }

  @Allow('GUEST')
  @Query(() => MaterialModel)
  material(
    @Args('id', { type: () => ID }, IdPipe) id: string,
    @CurrentUser() user: AuthUser | undefined,
    @RequestLocale() locale: Locale,
  ) {
    return this.service.material(user, id, locale);
  }

  @Allow('USER')
  @Mutation(() => MaterialModel, { description: 'Members propose; facilitators and coordinators publish.' })
  createMaterial(
    @CurrentUser() user: AuthUser,
    @Args('input') input: MaterialInput,
    @RequestLocale() locale: Locale,
  ) {
    return this.service.create(user, input, locale);
  }

  @Allow('USER')
  @Mutation(() => MaterialModel)
  updateMaterial(
    @CurrentUser() user: AuthUser,
    @Args('id', { type: () => ID }, IdPipe) id: string,
    @Args('input') input: UpdateMaterialInput,
    @RequestLocale() locale: Locale,
  ) {
    return this.service.update(user, id, input, locale);
  }

  @Allow('USER')
  @Mutation(() => MaterialModel)
  translateMaterial(
    @CurrentUser() user: AuthUser,
    @Args('id', { type: () => ID }, IdPipe) id: string,
    @Args('input') input: MaterialTranslationInput,
    @RequestLocale() locale: Locale,
  ) {
    return this.service.translate(user, id, input, locale);
  }

  @Allow('USER')
  @Mutation(() => Boolean, { description: 'Deletes the material with every file version.' })
  async deleteMaterial(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }, IdPipe) id: string) {
    const keys = await this.service.delete(user, id);
    // The rows are gone for good; the bytes follow. A failure here leaves an unreferenced object, never a broken row.
    await Promise.all(keys.map((key) => this.storage.delete(key).catch(() => undefined)));
    return true;
  }

  @ResolveField(() => ServedMaterialFileModel, {
    nullable: true,
    description:
      'The latest file in this language, else in the original language, else in any (then `fallback` is true).',
  })
  file(@Parent() material: MaterialModel, @Args('locale') locale: string) {
    return this.service.servedFile(material, locale);
  }
}
