// Package postfix is postlint's knowledge of Postfix itself: release
// numbers (Version) and a table of the main.cf parameters of releases
// Oldest (2.6.0) to Newest, with for each parameter the releases that have
// it, its documented default, a value type, and whether it is deprecated
// and by what (Param, Lookup, Names, Suggest). Rules must take version
// facts from here, never from literals of their own.
//
// The table (params_gen.go) is generated from two files kept beside the
// repository in shared/postfix:
//
//   - postconf.proto, the source of the postconf(5) manual of the newest
//     release: defaults, types (see the rules in internal/gen) and
//     deprecations;
//   - params-history.tsv: per parameter, the first release of each release
//     series that has it (backports included), its last release and the
//     default there. It is the authority for availability.
//
// Deprecations found in the proto text are complemented and pinned by the
// hand-written table in deprecated.go.
//
// postconf also accepts names it derives at run time from main.cf and
// master.cf: per-service names such as relay_destination_concurrency_limit
// (DerivedServiceParam), user-defined names referenced as $name
// (UserDefinedNames, References) and legacy database client settings such
// as ldapsource_server_host (DBTables, DerivedDBParam). derived.go says
// which Postfix sources these rules follow.
//
// To regenerate the table after updating the shared files, run
//
//	go generate ./lint/postfix
//
// or, from this directory, go run ./internal/gen with -proto, -history
// and -out to use other paths. The output is deterministic; a test in
// internal/gen fails when params_gen.go is stale.
package postfix

//go:generate go run ./internal/gen
