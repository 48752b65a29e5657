import { Field, InputType, registerEnumType } from 'type-graphql';

export enum PropertyOpEnum {
  EQ = 'EQ',
  NEQ = 'NEQ',
  GT = 'GT',
  GTE = 'GTE',
  LT = 'LT',
  LTE = 'LTE',
  CONTAINS = 'CONTAINS',
}
registerEnumType(PropertyOpEnum, {
  name: 'PropertyOp',
  description:
    'How a property value is compared. EQ, NEQ and CONTAINS (case-sensitive substring) compare the value as text: strings as they are, numbers and booleans as written in JSON (`4`, `2.5`, `true`), an absent property as the empty string. GT, GTE, LT and LTE compare as Float64: a JSON number, or a string that reads as a number (e.g. `"19.99"`); a value that is absent or anything else (other text, booleans, objects) never matches them.',
});

@InputType({ description: 'A condition on one value inside an event\'s `properties` JSON.' })
export class PropertyFilterInput {
  @Field(() => String, {
    description: 'Path into properties: 1 to 5 keys of letters, digits, _ and - (not starting with a digit or -), joined by dots, e.g. `rating` or `plan.tier`.',
  })
  property: string;

  @Field(() => PropertyOpEnum, { defaultValue: PropertyOpEnum.EQ })
  op: PropertyOpEnum;

  @Field(() => String, { description: 'The value to compare with, as a string (a decimal number for GT, GTE, LT, LTE); at most 1024 characters.' })
  value: string;
}
