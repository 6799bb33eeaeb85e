package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"fmt"

	"github.com/xdg-go/scram"
)

// Mechanism is the one SASL mechanism offered in AuthenticationSASL.
const Mechanism = "SCRAM-SHA-256"

// Conversation is one SCRAM-SHA-256 login. It is not safe for concurrent
// use; make one per connection attempt.
type Conversation struct {
	name  string
	user  User
	known bool
	conv  *scram.ServerConversation
}

// NewConversation starts the login of the user named in the StartupMessage,
// with the users file as it is now. An unknown user gets a conversation with
// mock credentials that fails at the proof, as a wrong password does.
func (s *Store) NewConversation(user string) *Conversation {
	s.mu.Lock()
	s.refresh()
	u, known := s.lookup(user)
	cred := u.Verifier.credentials()
	if !known {
		cred = mockCredentials(s.mockSecret(), user)
	}
	s.mu.Unlock()
	srv, _ := scram.SHA256.NewServer(func(string) (scram.StoredCredentials, error) {
		return cred, nil // the SCRAM user name is ignored, as PostgreSQL does
	})
	return &Conversation{name: user, user: u, known: known, conv: srv.NewConversation()}
}

// Step takes the client's message (the data of SASLInitialResponse, then of
// SASLResponse) and returns the server's answer (for
// AuthenticationSASLContinue, then AuthenticationSASLFinal). Any error wraps
// ErrAuthFailed; the server then answers FATAL 28P01 "password
// authentication failed for user NAME" and closes the connection, whatever
// the error says.
func (c *Conversation) Step(clientMsg []byte) ([]byte, error) {
	out, err := c.conv.Step(string(clientMsg))
	if err != nil {
		return nil, fmt.Errorf("%w for user %q: %w", ErrAuthFailed, c.name, err)
	}
	if c.conv.Done() && (!c.known || !c.conv.Valid()) {
		return nil, fmt.Errorf("%w for user %q", ErrAuthFailed, c.name)
	}
	return []byte(out), nil
}

// Done says whether the conversation has ended.
func (c *Conversation) Done() bool { return c.conv.Done() }

// User is the authenticated user, once Step has returned the final message
// without error; before that, or after a failure, it is false.
func (c *Conversation) User() (User, bool) {
	if !c.known || !c.conv.Done() || !c.conv.Valid() {
		return User{}, false
	}
	return c.user, true
}

// mockCredentials are credentials for a user that does not exist: a salt
// stable for the name (so that two attempts cannot tell a real user from a
// made-up one) and keys no password matches.
func mockCredentials(secret []byte, name string) scram.StoredCredentials {
	mac := func(label string) []byte {
		h := hmac.New(sha256.New, secret)
		h.Write([]byte(label))
		h.Write([]byte{0})
		h.Write([]byte(name))
		return h.Sum(nil)
	}
	return scram.StoredCredentials{
		KeyFactors: scram.KeyFactors{Salt: string(mac("salt")[:saltLen]), Iters: DefaultIterations},
		StoredKey:  mac("stored"),
		ServerKey:  mac("server"),
	}
}
