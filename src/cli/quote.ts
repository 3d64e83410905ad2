// Shows an argument array as a command a POSIX shell would run as is. Display only: never executed.

export function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export const quoteCommand = (command: readonly string[]): string => command.map(quoteArg).join(' ');
