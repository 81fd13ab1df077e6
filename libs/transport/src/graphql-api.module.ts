import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { Logger } from 'pino';
import { DateTimeScalar } from './date-time';
import { errorTranslationPlugin } from './error-translation.plugin';
import { HttpErrorFilter } from './http-error.filter';
import { InputValidationPipe } from './input-validation.pipe';
import type { GraphqlContext } from './request-context';

export interface GraphqlApiOptions {
  logger?: Logger;
}

/** The GraphQL endpoint: code-first schema, one error translation, one validation pipe. */
@Module({})
export class GraphqlApiModule {
  static forRoot(options: GraphqlApiOptions = {}): DynamicModule {
    return {
      module: GraphqlApiModule,
      imports: [
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: DateTimeScalar }] },
          introspection: true,
          playground: false,
          includeStacktraceInErrorResponses: false,
          context: ({ req }: GraphqlContext): GraphqlContext => ({ req }),
          plugins: [errorTranslationPlugin(options.logger)],
        }),
      ],
      providers: [
        { provide: APP_PIPE, useClass: InputValidationPipe },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
      ],
    };
  }
}
