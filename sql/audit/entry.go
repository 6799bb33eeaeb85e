package audit

import (
	"fmt"
	"time"
)

// Entry is one line of the audit log. The fields are written in this order;
// empty optional fields are left out. Hash is always last.
type Entry struct {
	Seq         int64     `json:"seq"`  // 1, 2, 3... within the file
	Time        time.Time `json:"time"` // UTC; when the event began (a statement: when it was received)
	Kind        Kind      `json:"kind"`
	Session     string    `json:"session,omitempty"`     // the server's id of the connection
	User        string    `json:"user"`                  // the startup user, authenticated or not
	Client      string    `json:"client,omitempty"`      // remote address, host:port
	Application string    `json:"application,omitempty"` // application_name
	Case        string    `json:"case,omitempty"`        // the database (case) of the session
	Statement   string    `json:"statement,omitempty"`   // the text as the client sent it
	Rows        int64     `json:"rows,omitempty"`        // rows returned (or affected)
	DurationMS  float64   `json:"duration_ms,omitempty"` // milliseconds, to the microsecond
	Outcome     Outcome   `json:"outcome"`
	SQLState    string    `json:"sqlstate,omitempty"` // on error, refused, cancelled
	Message     string    `json:"message,omitempty"`  // on error, or what a segment or failure is about
	Prev        string    `json:"prev"`               // hex SHA-256 of the previous entry; Genesis for the first
	Hash        string    `json:"hash,omitempty"`     // hex SHA-256 of this entry's line without the hash
}

// Kind is what an entry records.
type Kind uint8

const (
	// Statement is one statement a session ran (simple query, or one Execute).
	Statement Kind = iota + 1
	// Login is a successful authentication.
	Login
	// LoginFailed is a refused connection: wrong password, unknown user,
	// case not granted.
	LoginFailed
	// Disconnect is the end of a session.
	Disconnect
	// Segment begins a new log file after the previous one was set aside
	// because its tail was broken (see Options.NewSegment).
	Segment
)

var kindNames = map[Kind]string{Statement: "statement", Login: "login", LoginFailed: "login_failed", Disconnect: "disconnect", Segment: "segment"}

func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// ParseKind reads a kind's name.
func ParseKind(s string) (Kind, error) {
	for k, name := range kindNames {
		if s == name {
			return k, nil
		}
	}
	return 0, fmt.Errorf("unknown kind %q (statement, login, login_failed, disconnect, segment)", s)
}

// MarshalText writes the kind's name.
func (k Kind) MarshalText() ([]byte, error) {
	if _, ok := kindNames[k]; !ok {
		return nil, fmt.Errorf("audit: %v", k)
	}
	return []byte(k.String()), nil
}

// UnmarshalText reads a kind's name.
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := ParseKind(string(b))
	*k = v
	return err
}

// Outcome is how the event ended.
type Outcome uint8

const (
	// OK is success.
	OK Outcome = iota + 1
	// Error is a statement that failed (SQLState and Message say why).
	Error
	// Refused is a statement or login that policy turned away: a write by an
	// analyst, a case not granted, a wrong password.
	Refused
	// Cancelled is a statement cancelled by the client or the server.
	Cancelled
)

var outcomeNames = map[Outcome]string{OK: "ok", Error: "error", Refused: "refused", Cancelled: "cancelled"}

func (o Outcome) String() string {
	if s, ok := outcomeNames[o]; ok {
		return s
	}
	return fmt.Sprintf("Outcome(%d)", uint8(o))
}

// ParseOutcome reads an outcome's name.
func ParseOutcome(s string) (Outcome, error) {
	for o, name := range outcomeNames {
		if s == name {
			return o, nil
		}
	}
	return 0, fmt.Errorf("unknown outcome %q (ok, error, refused, cancelled)", s)
}

// MarshalText writes the outcome's name.
func (o Outcome) MarshalText() ([]byte, error) {
	if _, ok := outcomeNames[o]; !ok {
		return nil, fmt.Errorf("audit: %v", o)
	}
	return []byte(o.String()), nil
}

// UnmarshalText reads an outcome's name.
func (o *Outcome) UnmarshalText(b []byte) error {
	v, err := ParseOutcome(string(b))
	*o = v
	return err
}
