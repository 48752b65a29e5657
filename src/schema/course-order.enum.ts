import { registerEnumType } from 'type-graphql';

export enum CourseOrderEnum {
  ENROLLMENTS_DESC = 'ENROLLMENTS_DESC',
  COMPLETIONS_DESC = 'COMPLETIONS_DESC',
  ACTIVE_LEARNERS_DESC = 'ACTIVE_LEARNERS_DESC',
  LEARNING_TIME_DESC = 'LEARNING_TIME_DESC',
  COURSE_ID_ASC = 'COURSE_ID_ASC',
}
registerEnumType(CourseOrderEnum, {
  name: 'CourseOrder',
  description: 'Order of a `courses` list without `ids`, by the metric over the period; ties by course id.',
  valuesConfig: {
    ENROLLMENTS_DESC: { description: 'Most course.enrolled events first.' },
    COMPLETIONS_DESC: { description: 'Most course.completed events first.' },
    ACTIVE_LEARNERS_DESC: { description: 'Most active learners first.' },
    LEARNING_TIME_DESC: { description: 'Most learning time first.' },
    COURSE_ID_ASC: { description: 'By course id, ascending.' },
  },
});
