// Shows an argument array as a command a POSIX shell would run as is. Display only: never executed.

/** Control characters would act on the terminal: such an argument is shown as $'…' with escapes (bash, zsh, ksh). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function quoteArg(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  if (CONTROL.test(arg)) {
    return `$'${arg.replace(/[\\']/g, (char) => `\\${char}`).replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => {
      const code = char.charCodeAt(0);
      return code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    })}'`;
  }
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export const quoteCommand = (command: readonly string[]): string => command.map(quoteArg).join(' ');
