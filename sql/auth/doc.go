// Package auth holds the users who may connect to `mast serve`, their roles
// and the cases granted to them, and authenticates them with SCRAM-SHA-256
// (RFC 5802, RFC 7677) as PostgreSQL does.
//
// # The users file
//
// Users live in one JSON file (by default <cases dir>/mast-users.json),
// written only by `mast user ...` through [Update]: under an exclusive lock
// (flock on FILE.lock), to a temporary file that is fsynced and renamed over
// the old one, with mode 0600. Each user has a name, a [Role], the cases
// granted ("*" for all) and a SCRAM-SHA-256 verifier in PostgreSQL's own
// format, SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>
// (base64), so a password is never stored and a verifier can be copied from or
// to pg_authid.rolpassword. The file also holds a random mock secret, used
// to answer for unknown users (below).
//
// # Serving
//
// The server opens a [Store] once; the Store re-reads the file whenever its
// modification time, size or inode changes (checked on each login), so
// `mast user add|passwd|remove` takes effect on the next login without a
// restart. If the file cannot be read or parsed, every login fails (fail
// closed) and the error is logged.
//
// A login is one [Conversation]:
//
//	conv := store.NewConversation(startupUser) // the user of the StartupMessage
//	// send AuthenticationSASL{"SCRAM-SHA-256"}; receive SASLInitialResponse
//	out, err := conv.Step(initial.Data) // server-first-message
//	// if err: FATAL 28P01; else send AuthenticationSASLContinue{out}; receive SASLResponse
//	out, err = conv.Step(resp.Data) // server-final-message
//	// if err: FATAL 28P01; else send AuthenticationSASLFinal{out}, AuthenticationOk
//	user, _ := conv.User()
//
// The user name inside the SCRAM messages is ignored, as PostgreSQL ignores
// it: libpq and pgx send an empty one ("n=,"); the name is the startup one.
//
// An unknown user is not told apart from a wrong password: the Conversation
// answers an unknown name with mock credentials (a salt derived from the
// mock secret and the name, so it is stable between attempts), and the
// conversation fails at the proof, exactly where a wrong password fails.
// Every failure wraps [ErrAuthFailed]; the server must answer all of them
// with the same ErrorResponse, FATAL 28P01 "password authentication failed
// for user X", send the detail only to its log and audit, and never to the
// client.
//
// # Roles and cases
//
// [Analyst] may run read-only SQL; [Admin] may also run statements that
// change a case. Whether a statement is read-only is the server's decision
// (it classifies the parsed statement). Roles do not grant cases: a user of
// either role opens only the cases granted ([User.MayOpen]); `mast user add`
// grants "*" to an admin unless told otherwise.
package auth
