package pgwire

import (
	"fmt"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/mastcdr/mast/sql/pgerr"
)

// Login is one SCRAM-SHA-256 conversation: Step takes the client's message
// (SASLInitialResponse's data, then SASLResponse's) and returns the server's
// (for AuthenticationSASLContinue, then AuthenticationSASLFinal); any error
// is a failed login.
type Login interface {
	Step(clientMsg []byte) ([]byte, error)
}

// authenticate runs SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL
// does. Whatever went wrong, the client is told only that the password
// failed for the user: an unknown user looks like a wrong password.
func (s *session) authenticate() (bool, error) {
	auth := s.srv.opts.Auth
	if auth == nil {
		return true, nil
	}
	login := auth.Login(s.user)
	failed := func(why string) (bool, error) {
		s.audit(AuditEvent{Kind: "login_failed", Outcome: "refused", SQLState: pgerr.InvalidPassword, Message: why})
		return s.fatal(pgerr.Fatal(pgerr.InvalidPassword, fmt.Sprintf("password authentication failed for user %q", s.user)))
	}
	s.be.Send(&pgproto3.AuthenticationSASL{AuthMechanisms: []string{"SCRAM-SHA-256"}})
	if err := s.be.Flush(); err != nil {
		return false, err
	}
	if err := s.be.SetAuthType(pgproto3.AuthTypeSASL); err != nil {
		return false, err
	}
	msg, err := s.be.Receive()
	if err != nil {
		return false, s.unreadable(err)
	}
	first, ok := msg.(*pgproto3.SASLInitialResponse)
	if !ok {
		return s.fatal(pgerr.Fatal(pgerr.ProtocolViolation, fmt.Sprintf("expected SASL initial response, got %T", msg)))
	}
	if first.AuthMechanism != "SCRAM-SHA-256" {
		return s.fatal(pgerr.Fatal(pgerr.ProtocolViolation, fmt.Sprintf("unsupported SASL mechanism %q", first.AuthMechanism)))
	}
	challenge, err := login.Step(first.Data)
	if err != nil {
		return failed(err.Error())
	}
	s.be.Send(&pgproto3.AuthenticationSASLContinue{Data: challenge})
	if err := s.be.Flush(); err != nil {
		return false, err
	}
	if err := s.be.SetAuthType(pgproto3.AuthTypeSASLContinue); err != nil {
		return false, err
	}
	msg, err = s.be.Receive()
	if err != nil {
		return false, s.unreadable(err)
	}
	proof, ok := msg.(*pgproto3.SASLResponse)
	if !ok {
		return s.fatal(pgerr.Fatal(pgerr.ProtocolViolation, fmt.Sprintf("expected SASL response, got %T", msg)))
	}
	final, err := login.Step(proof.Data)
	if err != nil {
		return failed(err.Error())
	}
	s.be.Send(&pgproto3.AuthenticationSASLFinal{Data: final})
	return true, nil
}
