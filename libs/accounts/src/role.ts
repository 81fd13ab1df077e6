import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  ADMIN = 'ADMIN',
  STEERING_GROUP = 'STEERING_GROUP',
  NATIONAL_COORDINATOR = 'NATIONAL_COORDINATOR',
  FACILITATOR = 'FACILITATOR',
  MEMBER = 'MEMBER',
}

registerEnumType(Role, {
  name: 'Role',
  description: 'What a person may do in the network; see docs/authorization.md.',
});
