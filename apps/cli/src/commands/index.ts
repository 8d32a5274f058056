import type { Command } from 'commander';

/** Registers one subcommand on the program. One file per command; add it to this list. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [];
