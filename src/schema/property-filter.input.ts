import { Field, InputType } from 'type-graphql';
import type { PropertyFilter } from '../domain/arguments';
import type { PropertyOp } from '../domain/vocabulary';
import { PropertyOpEnum } from './enums';

@InputType({ description: "A condition on one value inside an event's `properties` JSON." })
export class PropertyFilterInput implements PropertyFilter {
  @Field(() => String, {
    description:
      'Path into properties: 1 to 5 keys of letters, digits, _ and - (not starting with a digit or -), joined by dots, e.g. `rating` or `plan.tier`.',
  })
  property: string;

  @Field(() => PropertyOpEnum, { defaultValue: PropertyOpEnum.EQ })
  op: PropertyOp;

  @Field(() => String, { description: 'The value to compare with, as a string (a decimal number for GT, GTE, LT, LTE); at most 1024 characters.' })
  value: string;
}
