// The group committer moved to server/ingest/shared (JT/T 808 location reports use it too); re-exported here
// for the HJ 212 listener and its tests.
export { GroupCommitter, type GroupCommitOptions, type GroupCommitStats } from '../shared/group-commit'
