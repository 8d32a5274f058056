// The list lives in libs/contracts (the deployment spec validates against it); the parsers key on it.
export { isServingEngine, SERVING_ENGINES, type ServingEngine } from '@tokenmeter/contracts';
