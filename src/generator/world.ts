import { companyId, courseId, examQuizId, lessonId, moduleId } from './ids';
import type { GeneratorOptions, Period } from './options';
import { periodOf } from './options';
import { cumulative, randomFor, Streams } from './random';
import { COUNTRY_WEIGHTS, COURSE_CATEGORIES, COURSE_LEVELS, COURSE_TOPICS } from './reference-data';

export interface Lesson {
  id: string;
  /** Nominal length; actual time spent varies around it. */
  minutes: number;
  page: string;
}

export interface CourseModule {
  id: string;
  lessons: Lesson[];
}

export interface Course {
  index: number;
  id: string;
  title: string;
  category: string;
  level: string;
  modules: CourseModule[];
  examQuizId: string;
  page: string;
  /** 0 (easy) .. 1 (hard): lowers exam scores and raises drop-off. */
  difficulty: number;
}

export interface Company {
  index: number;
  id: string;
  /** Index into COUNTRIES: most of a company's learners live there. */
  country: number;
  /** Courses the company assigns to its learners (indices into World.courses). */
  assignedCourses: number[];
  /** Learners log in through the company's identity provider. */
  sso: boolean;
}

/** The fixed catalogue a run draws from: the period, courses with their curriculum, companies. */
export interface World {
  seed: number;
  period: Period;
  courses: Course[];
  /** Cumulative popularity weights over courses (a few courses get most enrolments). */
  coursePopularity: number[];
  companies: Company[];
  /** Cumulative size weights over companies (a few big customers, a long tail of small ones). */
  companySizes: number[];
}

function buildCourse(rng: ReturnType<typeof randomFor>, index: number, count: number): Course {
  const id = courseId(index, count);
  const category = COURSE_CATEGORIES[index % COURSE_CATEGORIES.length];
  const level = rng.pick(COURSE_LEVELS);
  const moduleCount = rng.int(2, 4);
  const modules: CourseModule[] = [];
  for (let m = 0; m < moduleCount; m++) {
    const mid = moduleId(id, m);
    const lessons: Lesson[] = [];
    const lessonCount = rng.int(2, 5);
    for (let l = 0; l < lessonCount; l++) {
      const lid = lessonId(mid, l);
      lessons.push({ id: lid, minutes: rng.int(4, 20), page: `/courses/${id}/lessons/${lid}` });
    }
    modules.push({ id: mid, lessons });
  }
  return {
    index,
    id,
    title: `${rng.pick(COURSE_TOPICS[category])} (${level})`,
    category,
    level,
    modules,
    examQuizId: examQuizId(id),
    page: `/courses/${id}`,
    difficulty: (COURSE_LEVELS.indexOf(level) + rng.next()) / COURSE_LEVELS.length,
  };
}

export function buildWorld(options: GeneratorOptions): World {
  const rng = randomFor(options.seed, Streams.world);
  const courses: Course[] = [];
  for (let i = 0; i < options.courses; i++) courses.push(buildCourse(rng, i, options.courses));

  const companies: Company[] = [];
  const countryCum = cumulative(COUNTRY_WEIGHTS);
  for (let i = 0; i < options.companies; i++) {
    const assigned = new Set<number>();
    const wanted = Math.min(options.courses, rng.int(2, 5));
    while (assigned.size < wanted) assigned.add(rng.int(0, options.courses - 1));
    companies.push({
      index: i,
      id: companyId(i, options.companies),
      country: rng.weighted(countryCum),
      assignedCourses: [...assigned].sort((a, b) => a - b),
      sso: rng.chance(0.6),
    });
  }

  return {
    seed: options.seed,
    period: periodOf(options),
    courses,
    companies,
    // Zipf-like: course k is 1/(k+1)^0.8 as popular as the first.
    coursePopularity: cumulative(courses.map((_, k) => 1 / Math.pow(k + 1, 0.8))),
    companySizes: cumulative(companies.map((_, k) => 1 / Math.pow(k + 1, 0.7))),
  };
}
