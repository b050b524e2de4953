/** Host runtime of `@kit.TestKit`: the SDK exports abilityDelegatorRegistry from this kit (not from AbilityKit). */
export { abilityDelegatorRegistry } from './AbilityKit';
