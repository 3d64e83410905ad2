// The rule for a queue's name, checked before anything connects: BullMQ refuses ':' (its key separator)
// only once connected, and a name is printed in statuses and keys. Pure.

export const QUEUE_NAME_RULE = '1 to 64 letters, digits, ".", "_" or "-"';

/** Why `name` cannot name a queue, or undefined when it can. */
export function queueNameProblem(name: string): string | undefined {
  return /^[A-Za-z0-9._-]{1,64}$/.test(name) ? undefined : `queue name must be ${QUEUE_NAME_RULE}`;
}
