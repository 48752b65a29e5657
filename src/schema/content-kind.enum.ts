import { registerEnumType } from 'type-graphql';

export enum ContentKindEnum {
  COURSE = 'COURSE',
  LESSON = 'LESSON',
  PAGE = 'PAGE',
}
registerEnumType(ContentKindEnum, {
  name: 'ContentKind',
  description: 'What a piece of content is: a course (course_id), a lesson (lesson_id) or a web page (page).',
});
