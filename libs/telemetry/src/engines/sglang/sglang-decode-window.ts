// How long a stretch an SGLang decode line's `gen throughput` stands for. SGLang logs a decode line every
// `--decode-log-interval` decode steps (40 by default), each step a fraction of a second when it is busy, and
// divides the tokens generated since its previous line by the time since it, so rate × gap is those tokens
// while the server runs. But its timer starts when the scheduler starts: after a restart, the first line's rate
// covers the seconds since the start, not the gap since the last line before it, and rate × gap booked 8 hours
// of a 40 tokens/s line (1,152,800 tokens) where about 1,200 were generated. A gap much longer than 40 steps
// take is a server that was idle, or restarted, and either way at most those 40 steps' tokens happened in it;
// counted over at most this window, a restart's first line adds no more than a minute at its rate.
export const SGLANG_DECODE_WINDOW_MAX_SEC = 60;

/** The seconds an SGLang decode line's throughput is counted over, given the gap to its previous line. */
export function sglangDecodeWindowSec(gapSec: number): number {
  return Math.min(Math.max(gapSec, 0), SGLANG_DECODE_WINDOW_MAX_SEC);
}
