// Package audit is mast's audit log: every statement a network session runs,
// every login and failed login and every disconnect, in an append-only file
// whose entries are hash-chained so that editing, removing or reordering an
// entry shows.
//
// # Format
//
// One JSON object per line (JSON Lines), by default <cases dir>/mast-audit.log,
// mode 0600. The fields, in this order (empty optional ones left out):
// seq, time (UTC, RFC 3339 with nanoseconds), kind (statement, login,
// login_failed, disconnect, segment), session, user, client, application,
// case, statement, rows, duration_ms, outcome (ok, error, refused,
// cancelled), sqlstate, message, prev, hash. See [Entry].
//
// The chain: seq runs 1, 2, 3... in the file; prev is the hash of the entry
// on the line before, and [Genesis] (64 zeros) for the first. hash is the
// hex SHA-256 of the line's bytes without its hash: the line with its tail
// `,"hash":"<64 hex>"}` replaced by `}`. So a line can be checked with any
// tool, e.g. in Python:
//
//	s = line.rstrip("\n")
//	hashlib.sha256((s[:-75] + "}").encode()).hexdigest() == s[-66:-2]
//
// # Writing
//
// [Open] opens the log with O_APPEND, takes an exclusive flock (one server
// per log; a second fails with [ErrInUse]) and reads the last line to
// continue the chain. [Log.Append] is safe for concurrent sessions: under one
// mutex it numbers and chains the entry and writes its line with a single
// write(); with Options.Sync (the default) it returns only once the line is
// fsynced. Concurrent appends share an fsync (group commit): an fsync covers
// every line written before it began. The server appends a statement's entry
// after the statement ends and before it sends CommandComplete (or the
// ErrorResponse) and ReadyForQuery, so an answered statement is on disk.
// The one exception is [Log.AppendDeferred], which the server uses for a
// cursor's FETCH and MOVE and for an Execute that resumes a suspended
// portal: the line is written before the answer (it survives the process)
// but its fsync follows within Options.FlushDelay (20 ms), or with the next
// Append's fsync; the query those read from was recorded, durably, when the
// cursor or portal began. A client's loop of thousands of fetches then
// costs a few fsyncs instead of one each.
// If Append fails the log takes nothing more and the server must stop
// answering statements.
//
// # A broken tail, and segments
//
// Open refuses ([ErrBrokenTail]) a log whose last line is cut off, is not an
// entry, does not match its hash, or whose chain ends before its head file
// (below): chaining onto it would bless the damage. The operator runs
// `mast audit verify`, keeps the evidence, and runs `mast audit new-segment`
// (Open with Options.NewSegment), which renames the
// file to FILE.broken-<UTC time> (and its head file likewise) and starts
// FILE afresh; its first entry, of kind segment, names the file set aside.
// Both files stay verifiable on their own.
//
// # What a chain cannot show, and the head file
//
// A hash chain shows an edited, removed, inserted or reordered entry, but
// not entries cut from the end: a shorter log is still a valid chain. Nor
// does it stop someone who rewrites the whole chain from some point on,
// since the hash is not keyed. So after each durable append the log writes
// its head, "SEQ:HASH" of its last entry, over FILE.head (one small write in
// place). `mast audit verify` checks the log against FILE.head, and against
// any head given with --head: the log must hold that seq with that hash.
// The head file protects against truncation by anyone who does not also
// rewrite it; for more, copy the head (`mast audit head`) somewhere the
// server's user cannot write — a case notebook, an e-mail, a ticket — and
// verify against it later.
package audit
