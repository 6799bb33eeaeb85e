package pgwire

import (
	"strconv"

	"github.com/mastcdr/mast/sql/audit"
	"github.com/mastcdr/mast/sql/auth"
)

// UsersAuth logs users in from the users file: SCRAM-SHA-256 against their
// stored verifiers, the cases granted to them, admin or analyst.
func UsersAuth(store *auth.Store) Auth { return usersAuth{store} }

type usersAuth struct{ store *auth.Store }

func (s usersAuth) Login(user string) Login { return s.store.NewConversation(user) }

func (s usersAuth) Access(user, caseName string) (ok, admin bool) {
	u, found := s.store.Lookup(user)
	if !found || !u.MayOpen(caseName) {
		return false, false
	}
	return true, u.Role == auth.Admin
}

// AuditTo writes the server's events to the hash-chained audit log.
func AuditTo(log *audit.Log) Auditor { return auditTo{log} }

type auditTo struct{ log *audit.Log }

var auditKinds = map[string]audit.Kind{
	"statement": audit.Statement, "login": audit.Login, "login_failed": audit.LoginFailed, "disconnect": audit.Disconnect,
}

var auditOutcomes = map[string]audit.Outcome{
	"ok": audit.OK, "error": audit.Error, "refused": audit.Refused, "cancelled": audit.Cancelled,
}

func (l auditTo) Record(e AuditEvent) error {
	appendEntry := l.log.Append
	if e.Deferred {
		appendEntry = l.log.AppendDeferred
	}
	_, err := appendEntry(audit.Entry{
		Time:        e.Time.UTC(),
		Kind:        auditKinds[e.Kind],
		Session:     strconv.FormatUint(uint64(e.Session), 10),
		User:        e.User,
		Client:      e.Client,
		Application: e.Application,
		Case:        e.Case,
		Statement:   e.Statement,
		Rows:        e.Rows,
		DurationMS:  float64(e.Duration.Microseconds()) / 1000,
		Outcome:     auditOutcomes[e.Outcome],
		SQLState:    e.SQLState,
		Message:     e.Message,
	})
	return err
}
