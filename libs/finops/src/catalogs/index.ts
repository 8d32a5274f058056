export * from './figure-source';
export * from './gpus';
export * from './merge-catalog';
export * from './open-models';
export * from './precision';
export * from './quantization-methods';
export * from './resolve-catalogs';
export * from './vllm-throughput';
