// The shape of one subcommand's registration. A file of its own so that the commands and the list
// in index.ts do not import each other.
import type { Command } from 'commander';

/** Registers one subcommand on the program. One file per command; add it to index.ts. */
export type RegisterCommand = (program: Command) => void;
