import { CatalogRepository } from '../clickhouse/repositories/catalog.repository';
import type { ClickHouse } from '../clickhouse/client';
import { contentHash, type CatalogCourseTree } from '../domain/catalog';

export type CatalogStoreResult =
  /** A new version was stored. */
  | { outcome: 'created'; courseId: string; version: number; contentHash: string }
  /** The tree is the one already stored: nothing was written. */
  | { outcome: 'unchanged'; courseId: string; version: number; contentHash: string }
  /** The body names a version that holds a different tree: nothing was written. */
  | { outcome: 'conflict'; courseId: string; version: number; contentHash: string; storedHash: string; latestVersion: number };

/**
 * Stores course trees, versioned and idempotent:
 *
 * - without a version in the body, a tree equal to the newest stored one (same content hash) is
 *   `unchanged`; any other tree becomes version latest + 1 (1 for a new course);
 * - with a version (the platform's own version_number): the same tree under that version is
 *   `unchanged`, a different tree under an existing version is a `conflict` (versions never
 *   change), and a new version number is stored as it is (it may skip numbers, and an older
 *   number than the newest is stored too: metrics read the highest).
 *
 * Concurrent PUTs of one course could both take latest + 1; the later one replaces the earlier
 * one's rows (same key). The course platform sends a course's tree from one place, so this is
 * accepted rather than locked.
 */
export class CatalogIngestService {
  constructor(private readonly repo: CatalogRepository) {}

  static on(db: ClickHouse): CatalogIngestService {
    return new CatalogIngestService(new CatalogRepository(db));
  }

  async put(tree: CatalogCourseTree, version: number | null): Promise<CatalogStoreResult> {
    const hash = contentHash(tree);
    const latest = await this.repo.latestVersion(tree.courseId);
    const base = { courseId: tree.courseId, contentHash: hash };
    if (version === null) {
      if (latest !== null && latest.contentHash === hash) return { outcome: 'unchanged', ...base, version: latest.version };
      const next = (latest?.version ?? 0) + 1;
      await this.repo.store(tree, next, hash);
      return { outcome: 'created', ...base, version: next };
    }
    const stored = latest !== null && latest.version === version ? latest.contentHash : await this.repo.hashOf(tree.courseId, version);
    if (stored === hash) return { outcome: 'unchanged', ...base, version };
    if (stored !== null) return { outcome: 'conflict', ...base, version, storedHash: stored, latestVersion: latest?.version ?? version };
    await this.repo.store(tree, version, hash);
    return { outcome: 'created', ...base, version };
  }
}
