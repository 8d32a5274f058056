export * from './figure-source';
export * from './precision';
export * from './merge-catalog';
export * from './gpus';
export * from './open-models';
export * from './quantization-methods';
export * from './vllm-throughput';
export * from './resolve-catalogs';
