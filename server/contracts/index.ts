// The only part of server/ the client may import (enforced by eslint).
export * from './geo'
export * from './errors'
export * from './auth'
export * from './park'
export * from './live'
export * from './users'
export * from './environment'
export * from './alarms'
