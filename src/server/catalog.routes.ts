import express, { Router, type Request, type Response } from 'express';
import { CatalogRepository } from '../clickhouse/repositories/catalog.repository';
import { canReadCatalog, canWriteCatalog, CATALOG_LIMITS, parseCatalogCourse } from '../domain/catalog';
import type { Viewer } from '../domain/viewer';
import { CatalogIngestService } from '../ingest/catalog-ingest.service';
import type { Services } from '../services';

/** A whole tree of the largest allowed course (2,000 lessons, 500 quizzes with questions) fits well inside. */
const MAX_BODY = '5mb';

const PATH = '/v1/catalog/courses/:courseId';

/**
 * PUT /v1/catalog/courses/{id}: the course's whole tree (docs/catalog.md). 201 with the new
 * version, 200 when the tree is already stored (nothing written), 400 with every problem and
 * its JSON path, 409 when the body names a version that holds a different tree, 403 for roles
 * other than admin and ingest, 415 for a body that is not JSON.
 * GET /v1/catalog/courses/{id}[?version=N]: a stored tree (admin, analyst, ingest), 404 when none.
 */
export function catalogRoutes(services: Services): Router {
  const router = Router();
  const store = CatalogIngestService.on(services.db);
  const repo = new CatalogRepository(services.db);

  router.put(PATH, express.json({ limit: MAX_BODY }), async (req: Request<{ courseId: string }>, res: Response) => {
    const viewer = res.locals.viewer as Viewer;
    if (!canWriteCatalog(viewer)) {
      res.status(403).json({ error: `role "${viewer.role}" may not write the catalogue: use an ingest or admin token` });
      return;
    }
    if (!req.is('application/json')) {
      res.status(415).json({ error: `send the course tree as JSON with Content-Type: application/json, got ${JSON.stringify(req.get('content-type') ?? '')}` });
      return;
    }
    const parsed = parseCatalogCourse(req.params.courseId, req.body);
    if ('problems' in parsed) {
      res
        .status(400)
        .json({ error: `the course tree was not stored: ${parsed.problems.length} problem(s), each with its JSON path`, problems: parsed.problems });
      return;
    }
    const result = await store.put(parsed.tree, parsed.version);
    if (result.outcome === 'conflict') {
      res.status(409).json({
        error: `version ${result.version} of course ${result.courseId} is already stored with a different tree; versions never change: send the tree without "version" (stored as ${result.latestVersion + 1}) or with a new version number`,
        ...result,
      });
      return;
    }
    res.status(result.outcome === 'created' ? 201 : 200).json(result);
  });

  router.get(PATH, async (req: Request<{ courseId: string }>, res: Response) => {
    const viewer = res.locals.viewer as Viewer;
    if (!canReadCatalog(viewer)) {
      res.status(403).json({ error: `role "${viewer.role}" may not read the catalogue store: use an admin, analyst or ingest token` });
      return;
    }
    const raw = req.query.version;
    let version: number | null = null;
    if (raw !== undefined) {
      version = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isSafeInteger(version) || version < 1 || version > CATALOG_LIMITS.maxVersion) {
        res.status(400).json({ error: `version must be a whole number from 1, got ${JSON.stringify(raw)}` });
        return;
      }
    }
    const course = await repo.course(req.params.courseId, version);
    if (course === null) {
      res.status(404).json({ error: `course ${JSON.stringify(req.params.courseId)}${version === null ? '' : ` version ${version}`} is not in the catalogue` });
      return;
    }
    res.json({ ...course, versions: await repo.versions(course.courseId) });
  });

  router.all(PATH, (req, res) => {
    res
      .status(405)
      .set('Allow', 'GET, PUT')
      .json({ error: `${req.method} is not supported on /v1/catalog/courses/{id}: PUT the whole tree, GET reads it back` });
  });
  return router;
}
