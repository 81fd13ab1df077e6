import { applyDecorators } from '@nestjs/common';
import { IsNotBlank, MaxLength } from '@ashar/errors';
import { IsString, MinLength } from 'class-validator';

/**
 * The rules a password someone chooses must meet, on registration, a change and a reset: long enough,
 * and not made of spaces only (ten spaces are as easy to guess as none).
 */
export const IsNewPassword = () => applyDecorators(IsString(), IsNotBlank(), MinLength(10), MaxLength(200));
