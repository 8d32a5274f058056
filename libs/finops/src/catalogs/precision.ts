/** Numeric formats a model's weights can be served in. `fp16` stands for FP16 and BF16 alike. */
export type Precision = 'fp16' | 'fp8' | 'int8' | 'int4';

export const PRECISIONS: readonly Precision[] = ['fp16', 'fp8', 'int8', 'int4'];

/** Nominal bits per weight; quantization methods add scale overhead on top (see quantization-methods.ts). */
export const NOMINAL_BITS_PER_WEIGHT: Readonly<Record<Precision, number>> = {
  fp16: 16,
  fp8: 8,
  int8: 8,
  int4: 4,
};
