/**
 * The formats of the names and ids the service accepts, in one place: the route table (and so the OpenAPI document),
 * the use cases, the queue messages and the object keys all check the same rule.
 */

/**
 * An id the service hands out (a run, a mapping, an import job): a UUID today, though any 1-64 letters, digits and
 * hyphens are accepted. A value outside it cannot name anything (a 404 like an unknown id). Unanchored, for
 * patterns that embed it (object keys); {@link ID_PATTERN} is the whole value.
 */
export const ID_SOURCE = '[A-Za-z0-9-]{1,64}';
export const ID_PATTERN = new RegExp(`^${ID_SOURCE}$`);

/** An org's id: 1-64 letters, digits, _ or -. */
export const ORG_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** A quota or import namespace: 1-64 letters, digits, _ . or -. */
export const NAMESPACE_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** EventBridge Scheduler's rule for the names of schedules and schedule groups: 1-64 of `[0-9a-zA-Z-_.]`. */
export const SCHEDULE_NAME_PATTERN = /^[0-9a-zA-Z._-]{1,64}$/;
