import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * The names of the fields a request selects under the field being resolved, or under one of its
 * object fields (`path`, e.g. ['comparison']), across every alias and fragment of the request.
 * `@skip`/`@include` are not evaluated: a field they leave out still counts as selected, which
 * only means a figure is computed that nobody reads (safe, never the other way round). For
 * resolvers that would otherwise compute every figure of a type for one of them.
 */
export function selectedFields(info: GraphQLResolveInfo, path: readonly string[] = []): Set<string> {
  let sets: SelectionSetNode[] = info.fieldNodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
  for (const name of path) sets = sets.flatMap((s) => fieldsOf(info, s).flatMap((f) => (f.name === name && f.selectionSet ? [f.selectionSet] : [])));
  return new Set(sets.flatMap((s) => fieldsOf(info, s).map((f) => f.name)));
}

function fieldsOf(info: GraphQLResolveInfo, set: SelectionSetNode, seen = new Set<string>()): { name: string; selectionSet?: SelectionSetNode }[] {
  return set.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [{ name: s.name.value, selectionSet: s.selectionSet }];
    if (s.kind === Kind.INLINE_FRAGMENT) return fieldsOf(info, s.selectionSet, seen);
    const fragment = info.fragments[s.name.value];
    // A fragment spread twice (or a cycle, which validation refuses anyway) is read once.
    if (!fragment || seen.has(s.name.value)) return [];
    seen.add(s.name.value);
    return fieldsOf(info, fragment.selectionSet, seen);
  });
}
