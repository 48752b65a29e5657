import { COURSE_PANELS } from '../courses/course-panels';
import { usePeriod } from '../period/period-context';
import { hrefOf } from '../router';

export function CoursePage({ courseId }: { courseId: string }) {
  const { period, query } = usePeriod();
  return (
    <>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href={hrefOf(['courses'], query)}>Courses</a> / <span aria-current="page">{courseId}</span>
      </nav>
      <div className="grid">
        {COURSE_PANELS.map(({ id, Panel }) => (
          <Panel key={id} courseId={courseId} period={period} />
        ))}
      </div>
    </>
  );
}
