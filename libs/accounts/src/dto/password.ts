import { applyDecorators } from '@nestjs/common';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** The rules a password someone chooses must meet, on registration and on a change, with one message. */
export const IsNewPassword = () => applyDecorators(IsString(), MinLength(10), MaxLength(200));
