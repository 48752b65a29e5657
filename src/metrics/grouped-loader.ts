import DataLoader from 'dataloader';

/** One id asked for under one filter (period, tenant scope, ...). */
export interface GroupedKey<G> {
  group: G;
  id: string;
}

export interface GroupedLoaderOptions<G, V> {
  /** Equal strings = same filter = fetched together in one query. */
  groupKey(group: G): string;
  /** One query for every id of one filter; ids absent from the map get `missing(id)`. */
  fetch(group: G, ids: string[]): Promise<Map<string, V>>;
  missing(id: string): V;
}

/**
 * A DataLoader for metrics keyed by (filter, id). The keys collected in one tick are split by
 * filter and each filter's ids are fetched by ONE call (an `IN {ids:Array(String)}` query), so
 * 50 courses under one period cost one query, not 50. Created per request (the context), so its
 * cache never outlives a request or crosses viewers.
 */
export function groupedLoader<G, V>(options: GroupedLoaderOptions<G, V>): DataLoader<GroupedKey<G>, V, string> {
  return new DataLoader<GroupedKey<G>, V, string>(
    async (keys) => {
      const groups = new Map<string, { group: G; ids: Set<string> }>();
      for (const key of keys) {
        const name = options.groupKey(key.group);
        const entry = groups.get(name) ?? { group: key.group, ids: new Set<string>() };
        entry.ids.add(key.id);
        groups.set(name, entry);
      }
      const results = new Map<string, Map<string, V> | Error>();
      await Promise.all(
        [...groups].map(async ([name, { group, ids }]) => {
          try {
            results.set(name, await options.fetch(group, [...ids]));
          } catch (error) {
            results.set(name, error instanceof Error ? error : new Error(String(error)));
          }
        }),
      );
      return keys.map((key) => {
        const result = results.get(options.groupKey(key.group))!;
        return result instanceof Error ? result : (result.get(key.id) ?? options.missing(key.id));
      });
    },
    { cacheKeyFn: (key) => `${options.groupKey(key.group)}\u0000${key.id}` },
  );
}
