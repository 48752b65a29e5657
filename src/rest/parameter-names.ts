/** Maps the argument name of a service error (GraphQL naming, e.g. `steps[1].eventType`) to the REST parameter. */
export type ParameterNames = (argumentName: string) => string;

/** Service argument names that every report shares: the period's errors are fixed by changing `to` (or `timezone`). */
export function periodParameterOf(argumentName: string): string {
  if (argumentName === 'period.timezone') return 'timezone';
  if (argumentName === 'period') return 'to';
  return argumentName;
}

/**
 * A renamer for list arguments: `ids[3]` -> `courseId[3]` when the service's `ids` is the
 * repeated `courseId` parameter. Sub-fields (`steps[1].eventType`) are dropped because the
 * REST parameter is the value itself.
 */
export function renameList(serviceName: string, restName: string): ParameterNames {
  const pattern = new RegExp(`^${serviceName}(\\[\\d+\\])?(\\..*)?$`);
  return (argumentName) => {
    const match = pattern.exec(argumentName);
    return match ? `${restName}${match[1] ?? ''}` : periodParameterOf(argumentName);
  };
}
